package dev.s2reactive.cli;

import picocli.CommandLine.Parameters;

/** The first parameter of a command that acts on one existing basin: {@code BASIN|s2://BASIN}. */
final class BasinParameter {

  @Parameters(
      index = "0",
      paramLabel = "BASIN",
      description = "Basin name, or s2://BASIN.",
      converter = BasinUri.Converter.class)
  BasinUri value;

  String name() {
    return value.basin();
  }
}

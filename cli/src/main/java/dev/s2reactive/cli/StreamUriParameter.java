package dev.s2reactive.cli;

import picocli.CommandLine.Parameters;

/** The first parameter of every command that acts on one stream: {@code s2://BASIN/STREAM}. */
final class StreamUriParameter {

  @Parameters(
      index = "0",
      paramLabel = "S2_URI",
      description = "s2://BASIN/STREAM",
      converter = StreamUri.Converter.class)
  StreamUri value;

  String basin() {
    return value.basin();
  }

  String stream() {
    return value.stream();
  }
}

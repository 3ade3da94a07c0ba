package dev.s2reactive.cli;

import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code s2r delete-basin BASIN}: deletion happens in the background. */
@Command(name = "delete-basin", mixinStandardHelpOptions = true, description = "Delete a basin.")
final class DeleteBasinCommand extends ClientCommand {

  @Parameters(
      index = "0",
      paramLabel = "BASIN",
      description = "Basin name, or s2://BASIN.",
      converter = BasinUri.Converter.class)
  BasinUri basin;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    s2.deleteBasin(basin.basin()).block();
    env.out().println("deleting basin " + basin.basin());
    return 0;
  }
}

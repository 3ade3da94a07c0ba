package dev.s2reactive.cli;

import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code s2r delete-basin BASIN}: deletion happens in the background. */
@Command(name = "delete-basin", mixinStandardHelpOptions = true, description = "Delete a basin.")
final class DeleteBasinCommand extends ClientCommand {

  @Mixin BasinParameter basin;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    s2.deleteBasin(basin.name()).block();
    env.out().println("deleting basin " + basin.name());
    return 0;
  }
}

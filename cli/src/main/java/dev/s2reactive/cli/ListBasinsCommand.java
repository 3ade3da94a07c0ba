package dev.s2reactive.cli;

import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code s2r list-basins}: one basin per line with its state. */
@Command(name = "list-basins", mixinStandardHelpOptions = true, description = "List basins.")
final class ListBasinsCommand extends ClientCommand {

  @Mixin ListOptions list;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    Listings.printBasins(s2, list, env.out());
    return 0;
  }
}

package dev.s2reactive.cli;

import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code s2r list-streams BASIN|s2://BASIN[/PREFIX]}: one {@code s2://} URI per line. */
@Command(
    name = "list-streams",
    mixinStandardHelpOptions = true,
    description = "List the streams of a basin.")
final class ListStreamsCommand extends ClientCommand {

  @Parameters(
      index = "0",
      paramLabel = "BASIN|S2_URI",
      description = "A basin (my-basin, s2://my-basin) or a stream prefix (s2://my-basin/prod/).",
      converter = BasinUri.WithPrefixConverter.class)
  BasinUri basin;

  @Mixin ListOptions list;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    Listings.printStreams(s2, basin, list, env.out());
    return 0;
  }
}

package dev.s2reactive.cli;

import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code s2r ls [BASIN|s2://BASIN[/PREFIX]]}: basins, or the streams of one basin. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    description = "List basins, or the streams of a basin when one is given.")
final class LsCommand extends ClientCommand {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "BASIN|S2_URI",
      description = "A basin (my-basin, s2://my-basin) or a stream prefix (s2://my-basin/prod/).",
      converter = BasinUri.WithPrefixConverter.class)
  BasinUri basin;

  @Mixin ListOptions list;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    if (basin == null) {
      Listings.printBasins(s2, list, env.out());
    } else {
      Listings.printStreams(s2, basin, list, env.out());
    }
    return 0;
  }
}

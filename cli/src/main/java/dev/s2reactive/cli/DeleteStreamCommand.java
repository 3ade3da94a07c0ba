package dev.s2reactive.cli;

import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code s2r delete-stream s2://basin/stream}: deletion happens in the background. */
@Command(name = "delete-stream", mixinStandardHelpOptions = true, description = "Delete a stream.")
final class DeleteStreamCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    s2.basin(uri.basin()).deleteStream(uri.stream()).block();
    env.out().println("deleting stream s2://" + uri.basin() + "/" + uri.stream());
    return 0;
  }
}

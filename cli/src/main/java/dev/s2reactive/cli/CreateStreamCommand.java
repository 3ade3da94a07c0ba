package dev.s2reactive.cli;

import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code s2r create-stream s2://basin/stream [config flags]}. */
@Command(
    name = "create-stream",
    mixinStandardHelpOptions = true,
    description = "Create a stream; unset config fields take the basin's defaults.")
final class CreateStreamCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @Mixin StreamConfigOptions config;

  CreateStreamRequest request() {
    return config.isEmpty()
        ? CreateStreamRequest.of(uri.stream())
        : CreateStreamRequest.of(uri.stream(), config.toConfig());
  }

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    s2.basin(uri.basin()).createStream(request()).block();
    env.out().println("created stream s2://" + uri.basin() + "/" + uri.stream());
    return 0;
  }
}

package dev.s2reactive.cli;

import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code s2r create-basin BASIN [config flags]}. */
@Command(
    name = "create-basin",
    mixinStandardHelpOptions = true,
    description = "Create a basin; stream flags set its default stream config.")
final class CreateBasinCommand extends ClientCommand {

  @Parameters(
      index = "0",
      paramLabel = "BASIN",
      description = "Basin name (8-48 chars: a-z, 0-9, -), or s2://BASIN.",
      converter = BasinUri.Converter.class)
  BasinUri basin;

  @Mixin StreamConfigOptions streamConfig;

  @Option(
      names = "--create-stream-on-append",
      description = "Create a missing stream when it is appended to.")
  boolean createStreamOnAppend;

  @Option(
      names = "--create-stream-on-read",
      description = "Create a missing stream when it is read.")
  boolean createStreamOnRead;

  CreateBasinRequest request() {
    BasinConfig.Builder config =
        BasinConfig.builder()
            .createStreamOnAppend(createStreamOnAppend)
            .createStreamOnRead(createStreamOnRead);
    if (!streamConfig.isEmpty()) {
      config.defaultStreamConfig(streamConfig.toConfig());
    }
    return CreateBasinRequest.of(basin.basin(), config.build());
  }

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    BasinInfo info = s2.createBasin(request()).block();
    env.out().println("created basin " + info.name());
    return 0;
  }
}

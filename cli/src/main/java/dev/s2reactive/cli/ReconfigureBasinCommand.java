package dev.s2reactive.cli;

import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.model.BasinReconfiguration;
import dev.s2reactive.core.model.Patch;
import dev.s2reactive.reactor.ReactorS2Client;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code s2r reconfigure-basin BASIN [flags]}: changes only what the flags name. */
@Command(
    name = "reconfigure-basin",
    mixinStandardHelpOptions = true,
    description = "Change a basin's config; prints the new config as JSON.")
final class ReconfigureBasinCommand extends ClientCommand {

  @Mixin BasinParameter basin;

  @Mixin StreamConfigOptions streamConfig;

  @Option(
      names = "--create-stream-on-append",
      arity = "0..1",
      paramLabel = "BOOL",
      description = "Create a missing stream when it is appended to (true/false).")
  Boolean createStreamOnAppend;

  @Option(
      names = "--create-stream-on-read",
      arity = "0..1",
      paramLabel = "BOOL",
      description = "Create a missing stream when it is read (true/false).")
  Boolean createStreamOnRead;

  BasinReconfiguration reconfiguration() {
    BasinReconfiguration.Builder b = BasinReconfiguration.builder();
    if (!streamConfig.isEmpty()) {
      b.defaultStreamConfig(Patch.set(streamConfig.toReconfiguration()));
    }
    if (createStreamOnAppend != null) {
      b.createStreamOnAppend(createStreamOnAppend);
    }
    if (createStreamOnRead != null) {
      b.createStreamOnRead(createStreamOnRead);
    }
    return b.build();
  }

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    byte[] json =
        S2Json.encodeBasinConfig(s2.reconfigureBasin(basin.name(), reconfiguration()).block());
    env.out().println(new String(json, StandardCharsets.UTF_8));
    return 0;
  }
}

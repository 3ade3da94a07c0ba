package dev.s2reactive.cli;

import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.reactor.ReactorS2Client;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code s2r reconfigure-stream s2://basin/stream [flags]}: changes only what the flags name. */
@Command(
    name = "reconfigure-stream",
    mixinStandardHelpOptions = true,
    description = "Change a stream's config; prints the new config as JSON.")
final class ReconfigureStreamCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @Mixin StreamConfigOptions config;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    byte[] json =
        S2Json.encodeStreamConfig(
            s2.basin(uri.basin())
                .reconfigureStream(uri.stream(), config.toReconfiguration())
                .block());
    env.out().println(new String(json, StandardCharsets.UTF_8));
    return 0;
  }
}

package dev.s2reactive.cli;

import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.reactor.ReactorS2Client;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code s2r get-stream-config s2://basin/stream}: the resolved config as JSON. */
@Command(
    name = "get-stream-config",
    mixinStandardHelpOptions = true,
    description = "Print a stream's config as JSON.")
final class GetStreamConfigCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    byte[] json =
        S2Json.encodeStreamConfig(s2.basin(uri.basin()).getStreamConfig(uri.stream()).block());
    env.out().println(new String(json, StandardCharsets.UTF_8));
    return 0;
  }
}

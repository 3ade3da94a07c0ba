package dev.s2reactive.cli;

import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.reactor.ReactorS2Client;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code s2r get-basin-config BASIN}: the config as JSON. */
@Command(
    name = "get-basin-config",
    mixinStandardHelpOptions = true,
    description = "Print a basin's config as JSON.")
final class GetBasinConfigCommand extends ClientCommand {

  @Mixin BasinParameter basin;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    byte[] json = S2Json.encodeBasinConfig(s2.getBasinConfig(basin.name()).block());
    env.out().println(new String(json, StandardCharsets.UTF_8));
    return 0;
  }
}

package dev.s2reactive.cli;

import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.reactor.ReactorS2Client;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code s2r fence s2://basin/stream NEW_TOKEN}: appends a fence command record. */
@Command(
    name = "fence",
    mixinStandardHelpOptions = true,
    description = {
      "Set a fencing token for a stream.",
      "Later appends that carry a token are refused unless it matches. An empty token clears it."
    })
final class FenceCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @Parameters(index = "1", paramLabel = "NEW_FENCING_TOKEN", description = "Up to 36 bytes.")
  String newToken;

  @Mixin AppendConditionOptions conditions;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    AppendInput input = conditions.input(List.of(AppendRecord.fence(newToken)));
    AppendAck ack = s2.stream(uri.basin(), uri.stream()).append(input).block();
    env.out().println("fenced at " + Long.toUnsignedString(ack.start().seqNum()));
    return 0;
  }
}

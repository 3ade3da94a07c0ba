package dev.s2reactive.cli;

import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.reactor.ReactorS2Client;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code s2r trim s2://basin/stream TRIM_POINT}: appends a trim command record. */
@Command(
    name = "trim",
    mixinStandardHelpOptions = true,
    description = {
      "Set a trim point for a stream: records before it are removed.",
      "Trimming is eventually consistent; trimmed records may stay visible for a short while."
    })
final class TrimCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @Parameters(
      index = "1",
      paramLabel = "TRIM_POINT",
      description = "Earliest sequence number to keep; the trim point only moves forward.")
  long trimPoint;

  @Mixin AppendConditionOptions conditions;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    AppendInput input = conditions.input(List.of(AppendRecord.trim(trimPoint)));
    AppendAck ack = s2.stream(uri.basin(), uri.stream()).append(input).block();
    env.out()
        .println(
            "trim to "
                + Long.toUnsignedString(trimPoint)
                + " requested at "
                + Long.toUnsignedString(ack.start().seqNum()));
    return 0;
  }
}

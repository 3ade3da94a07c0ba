package dev.s2reactive.cli;

import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code s2r check-tail s2://basin/stream}: prints {@code NEXT_SEQ_NUM @ LAST_TIMESTAMP}. */
@Command(
    name = "check-tail",
    mixinStandardHelpOptions = true,
    description = {
      "Check the tail of a stream.",
      "Prints the sequence number the next record will get and the last record's timestamp."
    })
final class CheckTailCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    StreamPosition tail = s2.stream(uri.basin(), uri.stream()).checkTail().block();
    env.out()
        .println(
            Long.toUnsignedString(tail.seqNum()) + " @ " + Long.toUnsignedString(tail.timestamp()));
    return 0;
  }
}

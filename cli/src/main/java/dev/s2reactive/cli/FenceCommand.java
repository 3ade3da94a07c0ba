package dev.s2reactive.cli;

import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.reactor.ReactorS2Client;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

  @Parameters(
      index = "0",
      paramLabel = "S2_URI",
      description = "s2://BASIN/STREAM",
      converter = StreamUri.Converter.class)
  StreamUri uri;

  @Parameters(index = "1", paramLabel = "NEW_FENCING_TOKEN", description = "Up to 36 bytes.")
  String newToken;

  @Option(
      names = {"-f", "--fencing-token"},
      paramLabel = "TOKEN",
      description = "Fail unless the current fencing token is this one.")
  String fencingToken;

  @Option(
      names = {"-m", "--match-seq-num"},
      paramLabel = "SEQ_NUM",
      description = "Fail unless the command gets this sequence number.")
  Long matchSeqNum;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    AppendInput input =
        new AppendInput(
            List.of(AppendRecord.fence(newToken)),
            matchSeqNum == null ? OptionalLong.empty() : OptionalLong.of(matchSeqNum),
            Optional.ofNullable(fencingToken));
    AppendAck ack = s2.stream(uri.basin(), uri.stream()).append(input).block();
    env.out().println("fenced at " + Long.toUnsignedString(ack.start().seqNum()));
    return 0;
  }
}

package dev.s2reactive.cli;

import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** {@code -f/--fencing-token} and {@code -m/--match-seq-num}: the conditions of an append. */
final class AppendConditionOptions {

  @Option(
      names = {"-f", "--fencing-token"},
      paramLabel = "TOKEN",
      description = "Fail unless the stream's fencing token is this one.")
  String fencingToken;

  @Option(
      names = {"-m", "--match-seq-num"},
      paramLabel = "SEQ_NUM",
      description = "Fail unless the first record gets this sequence number.")
  Long matchSeqNum;

  /** One unary append of these records under these conditions. */
  AppendInput input(List<AppendRecord> records) {
    return new AppendInput(
        records,
        matchSeqNum == null ? OptionalLong.empty() : OptionalLong.of(matchSeqNum),
        Optional.ofNullable(fencingToken));
  }
}

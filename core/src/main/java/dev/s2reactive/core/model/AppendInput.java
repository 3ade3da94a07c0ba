package dev.s2reactive.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One append batch: 1 to 1000 records, at most 1 MiB metered, with optional conditions. Immutable
 * and thread-safe. Limits are checked by the codecs and the server, not here, so that a value can
 * carry an invalid batch to the point where the protocol says it must be rejected.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param records the records, in order
 * @param matchSeqNum if present, the append fails with 412 unless the stream's next seq_num equals
 *     it ({@code 0} is a real value)
 * @param fencingToken if present, the append fails with 412 unless the stream's fencing token
 *     equals it
 */
public record AppendInput(
    List<AppendRecord> records, OptionalLong matchSeqNum, Optional<String> fencingToken) {

  public AppendInput {
    records = List.copyOf(records);
    Objects.requireNonNull(matchSeqNum, "matchSeqNum");
    Objects.requireNonNull(fencingToken, "fencingToken");
  }

  /** A batch without conditions. */
  public static AppendInput of(List<AppendRecord> records) {
    return new AppendInput(records, OptionalLong.empty(), Optional.empty());
  }

  /** A batch without conditions. */
  public static AppendInput of(AppendRecord... records) {
    return of(List.of(records));
  }

  /** A copy of this batch that only applies when the stream's next seq_num is {@code seqNum}. */
  public AppendInput withMatchSeqNum(long seqNum) {
    return new AppendInput(records, OptionalLong.of(seqNum), fencingToken);
  }

  /** A copy of this batch that only applies when the stream's fencing token is {@code token}. */
  public AppendInput withFencingToken(String token) {
    return new AppendInput(records, matchSeqNum, Optional.of(token));
  }

  /** Sum of the records' metered sizes. */
  public long meteredBytes() {
    long size = 0;
    for (int i = 0, n = records.size(); i < n; i++) {
      size += records.get(i).meteredBytes();
    }
    return size;
  }
}

package dev.s2reactive.benchmarks.internal;

import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.SequencedRecord;
import java.util.Optional;

/**
 * Checks what one reader sees against the bench chain: seq_nums contiguous from the first
 * expected one (a gap is a lost record, a step back a duplicate or reordering), bodies of the
 * expected size, and every record's {@code hash} header equal to the chain recomputed from the
 * bodies. Stops checking at the first violation and keeps its description. Not thread-safe: one
 * reader's signals are serial.
 */
public final class StreamVerifier {

  private final long firstSeqNum;
  private final int bodySize;
  private long nextSeqNum;
  private long hash;
  private String violation;

  public StreamVerifier(long firstSeqNum, int bodySize) {
    this.firstSeqNum = firstSeqNum;
    this.nextSeqNum = firstSeqNum;
    this.bodySize = bodySize;
  }

  /** Checks the next record; false (and a {@link #violation()}) if it breaks the chain. */
  public boolean accept(SequencedRecord record) {
    if (violation != null) {
      return false;
    }
    long seqNum = record.seqNum();
    if (seqNum != nextSeqNum) {
      return fail(
          seqNum > nextSeqNum
              ? "lost records: expected seq_num " + nextSeqNum + ", got " + seqNum
              : "duplicate or reordered record: expected seq_num " + nextSeqNum + ", got "
                  + seqNum);
    }
    if (record.body().size() != bodySize) {
      return fail(
          "body of " + record.body().size() + " bytes at seq_num " + seqNum + ", expected "
              + bodySize);
    }
    long carried;
    try {
      carried = Workload.carriedHash(record);
    } catch (IllegalArgumentException e) {
      return fail(e.getMessage() + " at seq_num " + seqNum);
    }
    long computed = ChainHash.next(hash, BytesInternals.array(record.body()));
    if (computed != carried) {
      return fail("chain hash mismatch at seq_num " + seqNum);
    }
    hash = computed;
    nextSeqNum++;
    return true;
  }

  /** Records accepted so far. */
  public long records() {
    return nextSeqNum - firstSeqNum;
  }

  /** Chain hash of the last accepted record (0 before the first). */
  public long hash() {
    return hash;
  }

  public Optional<String> violation() {
    return Optional.ofNullable(violation);
  }

  /**
   * The final verdict against what the writer had acknowledged: empty when this reader saw
   * exactly {@code acknowledged} records ending with {@code writerHash}.
   */
  public Optional<String> verdict(long acknowledged, long writerHash) {
    if (violation != null) {
      return Optional.of(violation);
    }
    if (records() != acknowledged) {
      return Optional.of(
          (records() < acknowledged ? "lost records: saw " : "extra records: saw ")
              + records() + " of " + acknowledged + " acknowledged");
    }
    if (hash != writerHash) {
      return Optional.of("final chain hash differs from the writer's");
    }
    return Optional.empty();
  }

  private boolean fail(String message) {
    violation = message;
    return false;
  }
}

package dev.s2reactive.core;

import java.util.Objects;

/**
 * Where a read starts (protocol §7.1): a sequence number, the first record at or after a
 * timestamp, or a number of records back from the tail. Immutable and thread-safe.
 *
 * <p>Values are unsigned 64-bit held in a {@code long}. With {@link #clamp(boolean) clamp} a start
 * beyond the tail starts at the tail instead of failing with {@code 416}.
 *
 * <pre>{@code
 * StartAt.seqNum(0)              // from the beginning
 * StartAt.timestamp(t0)          // first record with timestamp >= t0
 * StartAt.tailOffset(100)        // the last 100 records
 * StartAt.tail()                 // only records appended from now on
 * StartAt.seqNum(n).clamp(true)  // n, or the tail if n is beyond it
 * }</pre>
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 */
public final class StartAt {

  /** The kind of start and its query parameter. */
  public enum Kind {
    SEQ_NUM("seq_num"),
    TIMESTAMP("timestamp"),
    TAIL_OFFSET("tail_offset");

    private final String queryParam;

    Kind(String queryParam) {
      this.queryParam = queryParam;
    }

    /** The read query parameter carrying this kind of start. */
    public String queryParam() {
      return queryParam;
    }
  }

  private static final StartAt TAIL = new StartAt(Kind.TAIL_OFFSET, 0, false);

  private final Kind kind;
  private final long value;
  private final boolean clamp;

  private StartAt(Kind kind, long value, boolean clamp) {
    this.kind = kind;
    this.value = value;
    this.clamp = clamp;
  }

  /** Start at sequence number {@code seqNum} (unsigned). {@code seqNum(0)} reads from the start. */
  public static StartAt seqNum(long seqNum) {
    return new StartAt(Kind.SEQ_NUM, seqNum, false);
  }

  /** Start at the first record whose timestamp is at least {@code timestamp} (unsigned ms). */
  public static StartAt timestamp(long timestamp) {
    return new StartAt(Kind.TIMESTAMP, timestamp, false);
  }

  /** Start {@code offset} records before the tail (at the first record if there are fewer). */
  public static StartAt tailOffset(long offset) {
    return new StartAt(Kind.TAIL_OFFSET, offset, false);
  }

  /** Start at the tail: only records appended after the read started. The server's default. */
  public static StartAt tail() {
    return TAIL;
  }

  /** A copy that starts at the tail instead of failing when the start lies beyond it. */
  public StartAt clamp(boolean clamp) {
    return clamp == this.clamp ? this : new StartAt(kind, value, clamp);
  }

  public Kind kind() {
    return kind;
  }

  /** The sequence number, timestamp or offset (unsigned). */
  public long value() {
    return value;
  }

  public boolean isClamped() {
    return clamp;
  }

  /** True for starts whose position the server works out: timestamps and tail offsets. */
  public boolean isRelative() {
    return kind != Kind.SEQ_NUM;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StartAt s && kind == s.kind && value == s.value && clamp == s.clamp;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, value, clamp);
  }

  @Override
  public String toString() {
    return "StartAt{"
        + kind.queryParam
        + "="
        + Long.toUnsignedString(value)
        + (clamp ? ", clamp" : "")
        + '}';
  }
}

package dev.s2reactive.core.model;

/**
 * A position in a stream: a sequence number and the timestamp of the record before it. As a tail
 * it means "next seq_num to be assigned" and "timestamp of the last record". Both are unsigned
 * 64-bit values held in a {@code long}: compare them with {@link Long#compareUnsigned}.
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public record StreamPosition(long seqNum, long timestamp) {

  /** The tail of an empty stream. */
  public static final StreamPosition ZERO = new StreamPosition(0, 0);

  public static StreamPosition of(long seqNum, long timestamp) {
    return seqNum == 0 && timestamp == 0 ? ZERO : new StreamPosition(seqNum, timestamp);
  }
}

package dev.s2reactive.server.internal.storage;

/**
 * Bounds of one storage read. A read stops before the first record that would exceed {@code
 * maxCount} records or {@code maxBytes} metered bytes, at the first record whose timestamp is at or
 * after {@code untilTimestamp} (unsigned, exclusive), or at {@code endSeqNum} (exclusive).
 *
 * @param maxCount at most this many records
 * @param maxBytes at most this many metered bytes in all
 * @param untilTimestamp exclusive timestamp bound; {@link #NO_UNTIL} for none
 * @param endSeqNum exclusive seq_num bound, usually the tail the caller saw
 */
public record ReadLimit(int maxCount, long maxBytes, long untilTimestamp, long endSeqNum) {

  /** {@code untilTimestamp} value meaning "no bound" (the largest unsigned 64-bit value). */
  public static final long NO_UNTIL = -1L;

  public ReadLimit {
    if (maxCount < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("negative limit");
    }
  }
}

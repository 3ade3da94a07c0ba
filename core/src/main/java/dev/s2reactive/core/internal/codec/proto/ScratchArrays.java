package dev.s2reactive.core.internal.codec.proto;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few process-wide arrays for transient copies: a message that arrived in several network
 * buffers is copied into one to be decoded, then the array is given back. Reusing it keeps that
 * memory warm; a fresh megabyte per read batch costs a garbage-collected humongous allocation and,
 * on hosts that reclaim idle pages, page faults on every touch. Bounded: at most {@value #SLOTS}
 * arrays of at most 2 MiB are kept; when all are taken a caller just gets a new array.
 * Thread-safe and lock-free.
 */
final class ScratchArrays {

  private static final int SLOTS = 4;
  private static final int MIN_SIZE = 64 << 10;
  private static final int MAX_KEPT = 2 << 20;
  private static final AtomicReferenceArray<byte[]> SPARES = new AtomicReferenceArray<>(SLOTS);

  private ScratchArrays() {}

  /** An array of at least {@code length} bytes, owned by the caller until {@link #give}. */
  static byte[] take(int length) {
    for (int i = 0; i < SLOTS; i++) {
      byte[] spare = SPARES.get(i);
      if (spare != null && spare.length >= length && SPARES.compareAndSet(i, spare, null)) {
        return spare;
      }
    }
    // a power of two, so that a slightly larger message next time still fits
    int size = length <= MIN_SIZE ? MIN_SIZE : Integer.highestOneBit(length - 1) << 1;
    return new byte[size > MAX_KEPT && length <= MAX_KEPT ? MAX_KEPT : Math.max(size, length)];
  }

  /** Returns an array from {@link #take}; the caller must not use it afterwards. */
  static void give(byte[] array) {
    if (array.length > MAX_KEPT) {
      return;
    }
    for (int i = 0; i < SLOTS; i++) {
      if (SPARES.get(i) == null && SPARES.compareAndSet(i, null, array)) {
        return;
      }
    }
  }
}

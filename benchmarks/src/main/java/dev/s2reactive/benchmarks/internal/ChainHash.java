package dev.s2reactive.benchmarks.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 8-byte hash chain of the bench workload: {@code h(i) = hash(h(i-1), body(i))}, with {@code
 * h(-1) = 0}. A reader that recomputes the chain from the bodies it sees and finds the writer's
 * value in every record's {@code hash} header has seen every record once and in order.
 *
 * <p>A 64-bit multiply-rotate hash over 8-byte words (murmur3-style finalizer), a few GB/s per
 * core so that hashing does not bound the benchmark. It is not the XXH3 of the official {@code s2
 * bench}, so streams written by one cannot be verified by the other. Stateless and thread-safe.
 */
public final class ChainHash {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final long SEED = 0x9E3779B97F4A7C15L;

  private ChainHash() {}

  /** The hash following {@code previous} for the body {@code body[offset, offset + length)}. */
  public static long next(long previous, byte[] body, int offset, int length) {
    long h = previous ^ SEED ^ (length * C1);
    int i = offset;
    int end = offset + length;
    for (; i + 8 <= end; i += 8) {
      h = Long.rotateLeft(h ^ mix((long) LONGS.get(body, i)), 27) * 5 + 0x52dce729;
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      tail |= (body[i] & 0xFFL) << shift;
    }
    h ^= mix(tail);
    return finish(h);
  }

  /** The hash following {@code previous} for a record with body {@code body}. */
  public static long next(long previous, byte[] body) {
    return next(previous, body, 0, body.length);
  }

  private static long mix(long k) {
    return Long.rotateLeft(k * C1, 31) * C2;
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}

package dev.s2reactive.reliability;

import dev.s2reactive.core.model.Bytes;
import java.nio.ByteBuffer;

/**
 * The cumulative hash of a stream: {@code hash(stream + record) = fold(hash(stream),
 * hash(record body))}, starting from {@link #EMPTY}. Two streams with the same length and hash hold
 * the same bodies in the same order (up to 64-bit collisions), so a read can be compared with the
 * final stream without keeping its records. Pure functions; thread-safe.
 */
public final class ChainHash {

  /** The hash of the empty stream. */
  public static final long EMPTY = 0x6A09E667F3BCC908L;

  private ChainHash() {}

  /** The hash of the stream {@code previous} followed by a record with {@code body}. */
  public static long fold(long previous, Bytes body) {
    return mix(previous * 0x9E3779B97F4A7C15L + bodyHash(body));
  }

  /** The hash of the stream made of {@code bodies}, in order. */
  public static long of(Iterable<Bytes> bodies) {
    long hash = EMPTY;
    for (Bytes body : bodies) {
      hash = fold(hash, body);
    }
    return hash;
  }

  /** 64-bit FNV-1a of the body, mixed, so that similar bodies spread apart. */
  static long bodyHash(Bytes body) {
    ByteBuffer bytes = body.asReadOnlyBuffer();
    long hash = 0xCBF29CE484222325L;
    while (bytes.hasRemaining()) {
      hash ^= bytes.get() & 0xFF;
      hash *= 0x100000001B3L;
    }
    return mix(hash ^ body.size());
  }

  /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

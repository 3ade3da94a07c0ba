package dev.s2reactive.core.model;

import dev.s2reactive.core.internal.BytesInternals;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable sequence of bytes: a record body, a header name or a header value.
 *
 * <p>Instances are safe to share between threads. Factories copy their input so later changes to
 * the caller's array cannot change the value; {@link #asReadOnlyBuffer()} exposes the content
 * without copying. Equality is by content.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 */
public final class Bytes implements Comparable<Bytes> {

  /** The empty byte sequence. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  static {
    BytesInternals.install(new BytesInternals.Access() {
      @Override
      public Bytes wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes);
      }

      @Override
      public byte[] array(Bytes bytes) {
        return bytes.bytes;
      }
    });
  }

  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Bytes copyOf(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** A copy of the remaining bytes of {@code buffer}; the buffer's position is not changed. */
  public static Bytes copyOf(ByteBuffer buffer) {
    if (!buffer.hasRemaining()) {
      return EMPTY;
    }
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return new Bytes(copy);
  }

  /** The UTF-8 encoding of {@code text}. */
  public static Bytes utf8(String text) {
    return text.isEmpty() ? EMPTY : new Bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Number of bytes. */
  public int size() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** The byte at {@code index}. */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** A new array holding a copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** A read-only view of the bytes, without copying; each call returns a new buffer. */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** The bytes decoded as UTF-8; malformed sequences become U+FFFD. */
  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Bytes other && Arrays.equals(bytes, other.bytes));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0 && bytes.length > 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** Unsigned lexicographic order, the order S2 uses for names. */
  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return bytes.length <= 64 ? "Bytes[" + utf8() + "]" : "Bytes[" + bytes.length + " bytes]";
  }
}

package dev.s2reactive.core.model;

import java.util.Objects;

/**
 * One record header: a name and a value, both arbitrary bytes. Immutable and thread-safe.
 *
 * <p>A record whose only header has an empty name is a command record (fence or trim); see {@link
 * AppendRecord#fence(String)} and {@link AppendRecord#trim(long)}.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 */
public record Header(Bytes name, Bytes value) {

  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** A header from two UTF-8 strings. */
  public static Header of(String name, String value) {
    return new Header(Bytes.utf8(name), Bytes.utf8(value));
  }

  /** A header from raw bytes (copied). */
  public static Header of(byte[] name, byte[] value) {
    return new Header(Bytes.copyOf(name), Bytes.copyOf(value));
  }

  /** Metered size: 2 + the lengths of name and value (protocol §5.2). */
  public long meteredBytes() {
    return 2L + name.size() + value.size();
  }
}

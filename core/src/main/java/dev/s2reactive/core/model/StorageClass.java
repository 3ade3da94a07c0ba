package dev.s2reactive.core.model;

import java.util.Optional;

/**
 * The storage class of a stream, trading latency for cost.
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public enum StorageClass {
  /** Append latency of a few hundred milliseconds at lower cost. */
  STANDARD("standard"),
  /** Low-latency appends; the system default. */
  EXPRESS("express");

  private final String wireName;

  StorageClass(String wireName) {
    this.wireName = wireName;
  }

  /** The JSON name, for example {@code "express"}. */
  public String wireName() {
    return wireName;
  }

  /** The storage class with this JSON name, or empty when unknown. */
  public static Optional<StorageClass> fromWireName(String name) {
    for (StorageClass c : values()) {
      if (c.wireName.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}

package dev.s2reactive.core.model;

import java.util.Optional;

/**
 * The cipher of an encrypted stream.
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public enum EncryptionAlgorithm {
  AEGIS_256("aegis-256"),
  AES_256_GCM("aes-256-gcm");

  private final String wireName;

  EncryptionAlgorithm(String wireName) {
    this.wireName = wireName;
  }

  /** The JSON name, for example {@code "aegis-256"}. */
  public String wireName() {
    return wireName;
  }

  /** The algorithm with this JSON name, or empty when unknown. */
  public static Optional<EncryptionAlgorithm> fromWireName(String name) {
    for (EncryptionAlgorithm a : values()) {
      if (a.wireName.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}

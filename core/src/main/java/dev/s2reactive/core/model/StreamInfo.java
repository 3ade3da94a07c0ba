package dev.s2reactive.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stream as listed or returned by create/ensure. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param name the stream name
 * @param createdAt when it was created
 * @param deletedAt when its deletion was requested, if it is being deleted
 * @param cipher its encryption algorithm, if encrypted
 */
public record StreamInfo(
    String name, Instant createdAt, Optional<Instant> deletedAt, Optional<EncryptionAlgorithm> cipher) {

  public StreamInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(deletedAt, "deletedAt");
    Objects.requireNonNull(cipher, "cipher");
  }
}

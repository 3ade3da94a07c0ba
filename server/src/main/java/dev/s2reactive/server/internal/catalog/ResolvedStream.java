package dev.s2reactive.server.internal.catalog;

import dev.s2reactive.core.model.EncryptionAlgorithm;
import dev.s2reactive.core.model.StreamConfig;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A live stream as the records routes need it. Immutable.
 *
 * @param id the numeric id its records are keyed by in the log store (never reused)
 * @param basin the basin name
 * @param name the stored stream name
 * @param config the fully resolved config
 * @param cipher the stream's cipher, when encrypted
 * @param createdAt when it was created
 */
public record ResolvedStream(
    long id,
    String basin,
    String name,
    StreamConfig config,
    Optional<EncryptionAlgorithm> cipher,
    Instant createdAt) {
  public ResolvedStream {
    Objects.requireNonNull(basin, "basin");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(cipher, "cipher");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}

package dev.s2reactive.server.internal.catalog;

import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.EncryptionAlgorithm;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** The catalog's stored entities. Immutable values; a change replaces the entry. */
final class CatalogEntries {

  private CatalogEntries() {}

  /**
   * A basin.
   *
   * @param requestKey the idempotency key of the create that made it (request token + requested
   *     config), or null
   */
  record BasinEntry(
      String name,
      BasinConfig config,
      Instant createdAt,
      Optional<Instant> deletedAt,
      byte[] requestKey) {

    boolean deleting() {
      return deletedAt.isPresent();
    }

    BasinInfo info() {
      return BasinInfo.of(name, Optional.empty(), createdAt, deletedAt);
    }

    BasinEntry withConfig(BasinConfig newConfig) {
      return new BasinEntry(name, newConfig, createdAt, deletedAt, requestKey);
    }

    BasinEntry deletedAt(Instant at) {
      return new BasinEntry(name, config, createdAt, Optional.of(at), requestKey);
    }

    boolean sameRequest(byte[] key) {
      return requestKey != null && key != null && Arrays.equals(requestKey, key);
    }
  }

  /** A stream of a basin; {@code config} is fully resolved. */
  record StreamEntry(
      String basin,
      String name,
      long id,
      StreamConfig config,
      Optional<EncryptionAlgorithm> cipher,
      Instant createdAt,
      Optional<Instant> deletedAt,
      byte[] requestKey) {

    boolean deleting() {
      return deletedAt.isPresent();
    }

    StreamInfo info(String visibleName) {
      return new StreamInfo(visibleName, createdAt, deletedAt, cipher);
    }

    ResolvedStream resolved() {
      return new ResolvedStream(id, basin, name, config, cipher, createdAt);
    }

    StreamEntry withConfig(StreamConfig newConfig) {
      return new StreamEntry(
          basin, name, id, newConfig, cipher, createdAt, deletedAt, requestKey);
    }

    StreamEntry deletedAt(Instant at) {
      return new StreamEntry(
          basin, name, id, config, cipher, createdAt, Optional.of(at), requestKey);
    }

    boolean sameRequest(byte[] key) {
      return requestKey != null && key != null && Arrays.equals(requestKey, key);
    }
  }
}

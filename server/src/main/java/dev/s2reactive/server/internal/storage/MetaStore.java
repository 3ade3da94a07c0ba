package dev.s2reactive.server.internal.storage;

import dev.s2reactive.core.model.Bytes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An ordered key-value map for metadata: basins, streams, access tokens, idempotency keys and id
 * counters. Keys are ordered as unsigned bytes, which is the order S2 lists names in. The catalog
 * above it chooses key layout and value encoding.
 *
 * <p>Threading: {@link #write} never blocks its caller; {@link #get} and {@link #scan} may block on
 * disk. All methods are safe to call from any thread.
 */
public interface MetaStore {

  /** The value under {@code key}. */
  Optional<Bytes> get(Bytes key);

  /**
   * Up to {@code limit} entries whose key starts with {@code prefix} and is strictly greater than
   * {@code startAfter} (null or empty: no lower bound), in key order.
   */
  List<MetaEntry> scan(Bytes prefix, Bytes startAfter, int limit);

  /** Applies the batch atomically and durably; completes once synced. */
  CompletableFuture<Void> write(MetaBatch batch);

  /** One key and its value. */
  record MetaEntry(Bytes key, Bytes value) {}
}

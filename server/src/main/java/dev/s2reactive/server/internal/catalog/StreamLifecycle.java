package dev.s2reactive.server.internal.catalog;

import dev.s2reactive.core.model.StreamConfig;
import java.util.concurrent.CompletableFuture;

/**
 * What the catalog tells the stream engine about a stream's life. The catalog calls these after
 * the metadata change is durable; implementations must not block (they run on whichever thread
 * completed the metadata write) and must be thread-safe.
 */
public interface StreamLifecycle {

  /** Does nothing; deleting completes at once. */
  StreamLifecycle NONE =
      new StreamLifecycle() {
        @Override
        public void created(long streamId, StreamConfig config) {}

        @Override
        public void reconfigured(long streamId, StreamConfig config) {}

        @Override
        public CompletableFuture<Void> deleted(long streamId) {
          return CompletableFuture.completedFuture(null);
        }
      };

  /** A stream was created with this fully resolved config. */
  void created(long streamId, StreamConfig config);

  /** A stream's fully resolved config changed. */
  void reconfigured(long streamId, StreamConfig config);

  /**
   * A stream is being deleted: end its sessions and remove its records. The catalog forgets the
   * stream once the future completes; until then it is listed with {@code deleted_at} set. May be
   * called more than once for one id (a stream deleted just before its basin), so it must be
   * idempotent. A failed future leaves the stream being deleted until the next start.
   */
  CompletableFuture<Void> deleted(long streamId);
}

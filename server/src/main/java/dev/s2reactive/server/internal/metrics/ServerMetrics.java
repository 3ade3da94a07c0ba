package dev.s2reactive.server.internal.metrics;

/**
 * What the server reports about itself. The engine, storage and HTTP layers call these methods on
 * their hot paths, so implementations must be cheap, thread-safe and non-blocking. Every method
 * has a no-op default; {@link #NOOP} is the implementation for tests and embedders that want no
 * metrics.
 */
public interface ServerMetrics {

  /** Records nothing. */
  ServerMetrics NOOP = new ServerMetrics() {};

  // ---- appends ----

  /**
   * An append batch was acknowledged.
   *
   * @param records records in the batch
   * @param meteredBytes their metered size (protocol metering)
   * @param latencyNanos from submission to the engine until the ack
   */
  default void appendAcked(int records, long meteredBytes, long latencyNanos) {}

  /** An append batch failed (412, 422, 429, 409, 500 ...); {@code error} gives the code. */
  default void appendFailed(Throwable error) {}

  // ---- reads ----

  /**
   * Records were handed to a reader.
   *
   * @param unary a unary read rather than a streaming session
   * @param live from the live tail (shared batch) rather than read back from storage
   */
  default void readDelivered(boolean unary, boolean live, int records, long meteredBytes) {}

  /** A read session (streaming, or a unary read that may long-poll) started. */
  default void readSessionOpened(boolean unary) {}

  /** A read session ended; called exactly once per {@link #readSessionOpened}. */
  default void readSessionClosed(boolean unary) {}

  /** A reader registered as a live follower of a stream. */
  default void followerAdded() {}

  /** A live follower unregistered; called once per {@link #followerAdded}. */
  default void followerRemoved() {}

  /** A follower's live buffer overflowed, so it fell back to reading from storage. */
  default void followerFellBack() {}

  /**
   * A live follower was handed a batch.
   *
   * @param lagRecords records already durable in the stream but not yet handed to this follower
   */
  default void followerLag(long lagRecords) {}

  // ---- per stream ----

  /**
   * The meter of one stream, asked for once per open stream when it is first resolved by name.
   * Implementations bound the number of distinct series (streams past the bound share one).
   */
  default StreamMeter stream(String basin, String stream) {
    return StreamMeter.NOOP;
  }

  // ---- storage ----

  /**
   * A group commit was written and synced.
   *
   * @param writes writes that shared the commit (the group-commit batch size)
   * @param bytes their approximate size
   * @param syncNanos time of the write including the WAL sync
   */
  default void storageCommitted(int writes, long bytes, long syncNanos) {}

  /** A group commit failed; all its writes failed. */
  default void storageCommitFailed(int writes) {}

  /** Exposes the size of the storage; polled when metrics are scraped. */
  default void bindStorageStats(StorageStats stats) {}

  // ---- http ----

  /**
   * The meter of one route, asked for once when the request handler is built.
   *
   * @param method HTTP method
   * @param template the route's path pattern (e.g. {@code /v1/streams/{stream}}), never a raw path
   */
  default HttpRouteMeter httpRoute(String method, String template) {
    return HttpRouteMeter.NOOP;
  }
}

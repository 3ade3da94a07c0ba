package dev.s2reactive.server.internal.engine;

import dev.s2reactive.server.internal.metrics.ServerMetrics;
import dev.s2reactive.server.internal.storage.LogStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The stream engine: the {@link ActiveStream} (sequencer and readers) of every open stream, keyed
 * by the numeric id the catalog allocates, plus background retention.
 *
 * <p>The catalog owns names, configs and existence checks; it calls {@link #open} for a stream that
 * exists, {@link #reconfigure} after a config change and {@link #delete} when the stream is
 * deleted. Thread-safe; nothing here blocks.
 *
 * <p>TODO: evict idle streams (no pending appends, no followers) to bound memory with very many
 * streams; enforce delete-on-empty (the catalog has the creation time it needs).
 */
public final class StreamEngine implements AutoCloseable {

  private final LogStore store;
  private final EngineOptions options;
  private final ServerMetrics metrics;
  private final ConcurrentHashMap<Long, ActiveStream> streams = new ConcurrentHashMap<>();
  private final Disposable retentionTimer;

  public StreamEngine(LogStore store, EngineOptions options) {
    this(store, options, ServerMetrics.NOOP);
  }

  /** An engine reporting appends, reads, sessions and followers to {@code metrics}. */
  public StreamEngine(LogStore store, EngineOptions options, ServerMetrics metrics) {
    this.store = store;
    this.options = options;
    this.metrics = metrics;
    long interval = options.retentionInterval().toMillis();
    this.retentionTimer = interval <= 0
        ? null
        : options.workScheduler().schedulePeriodically(
            () -> enforceRetention().subscribe(null, e -> { }), interval, interval,
            TimeUnit.MILLISECONDS);
  }

  /**
   * The active stream with this id, opening it (its state loads in the background) with {@code
   * settings} if it is not open yet. Settings of an already open stream are left as they are; use
   * {@link #reconfigure}.
   */
  public ActiveStream open(long streamId, StreamSettings settings) {
    return streams.computeIfAbsent(
        streamId, id -> new ActiveStream(id, settings, store, options, metrics));
  }

  /** The stream if it is open. */
  public Optional<ActiveStream> find(long streamId) {
    return Optional.ofNullable(streams.get(streamId));
  }

  /** Applies new settings to an open stream; later appends use them. */
  public void reconfigure(long streamId, StreamSettings settings) {
    ActiveStream stream = streams.get(streamId);
    if (stream != null) {
      stream.reconfigure(settings);
    }
  }

  /**
   * Deletes the stream: later appends and reads fail with 409 stream_deletion_pending, live
   * sessions end with that error, and its records are removed in the background. The future
   * completes once storage has removed them. The deleted stream stays here as a tombstone (so a
   * late {@link #open} of the id still fails) until {@link #forget} is called.
   */
  public CompletableFuture<Void> delete(long streamId) {
    return open(streamId, StreamSettings.DEFAULTS).delete();
  }

  /** Drops a deleted stream's tombstone once the catalog no longer knows the id. */
  public void forget(long streamId) {
    streams.computeIfPresent(streamId, (id, stream) -> stream.isDeleted() ? null : stream);
  }

  /** One pass of retention by age over the open streams, at the engine clock's current time. */
  public Mono<Void> enforceRetention() {
    long now = options.clock().millis();
    return Flux.fromIterable(streams.values())
        .flatMap(stream -> stream.enforceRetention(now).onErrorResume(e -> Mono.empty()), 4)
        .then();
  }

  public EngineOptions options() {
    return options;
  }

  @Override
  public void close() {
    if (retentionTimer != null) {
      retentionTimer.dispose();
    }
  }
}

package dev.s2reactive.server.internal.engine;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.server.internal.metrics.ServerMetrics;
import dev.s2reactive.server.internal.storage.LogStore;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.StreamState;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The stream engine: the {@link ActiveStream} (sequencer and readers) of every open stream, keyed
 * by the numeric id the catalog allocates, plus the per-stream maintenance (retention by age,
 * delete-on-empty) that a periodic sweep over the catalog's streams drives.
 *
 * <p>The catalog owns names, configs and existence checks; it calls {@link #open} for a stream that
 * exists, {@link #reconfigure} after a config change and {@link #delete} when the stream is
 * deleted. Thread-safe; nothing here blocks.
 *
 * <p>Every change to a stream's tail or trim point goes through its sequencer, so maintenance opens
 * a stream that has something to trim or to delete (a storage look-up decides, off the event
 * loop). TODO: evict idle streams (no pending appends, no followers) to bound memory with very many
 * streams.
 */
public final class StreamEngine implements AutoCloseable {

  private final LogStore store;
  private final EngineOptions options;
  private final ServerMetrics metrics;
  private final ConcurrentHashMap<Long, ActiveStream> streams = new ConcurrentHashMap<>();
  private volatile S2Exception draining;

  public StreamEngine(LogStore store, EngineOptions options) {
    this(store, options, ServerMetrics.NOOP);
  }

  /** An engine reporting appends, reads, sessions and followers to {@code metrics}. */
  public StreamEngine(LogStore store, EngineOptions options, ServerMetrics metrics) {
    this.store = store;
    this.options = options;
    this.metrics = metrics;
  }

  /**
   * The active stream with this id, opening it (its state loads in the background) with {@code
   * settings} if it is not open yet. Settings of an already open stream are left as they are; use
   * {@link #reconfigure}.
   */
  public ActiveStream open(long streamId, StreamSettings settings) {
    ActiveStream stream = streams.computeIfAbsent(
        streamId, id -> new ActiveStream(id, settings, store, options, metrics));
    S2Exception error = draining;
    if (error != null) {
      stream.drain(error);
    }
    return stream;
  }

  /**
   * Starts shutting down: every stream's live read and append sessions end with a retryable 503
   * {@code server_draining} (see {@link ActiveStream#drain}), and so do sessions opened later.
   */
  public void drain() {
    S2Exception error = S2Exception.of(ErrorCode.SERVER_DRAINING, "server is shutting down");
    draining = error;
    streams.values().forEach(stream -> stream.drain(error));
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

  /**
   * Trims the records of a stream that are older than its retention age at {@code nowMillis},
   * whether or not the stream is open: an unopened stream is opened (with {@code settings}) only
   * if storage holds such a record. Completes once they are removed from storage.
   */
  public Mono<Void> enforceRetention(long streamId, StreamSettings settings, long nowMillis) {
    ActiveStream open = streams.get(streamId);
    if (open != null) {
      return open.enforceRetention(nowMillis);
    }
    OptionalLong cutoff = ActiveStream.retentionCutoff(settings, nowMillis);
    if (cutoff.isEmpty()) {
      return Mono.empty();
    }
    return Mono.fromCallable(() -> needsTrim(streamId, cutoff.getAsLong()))
        .subscribeOn(options.storageScheduler())
        .flatMap(needed -> needed
            ? open(streamId, settings).enforceRetention(nowMillis)
            : Mono.empty());
  }

  /**
   * Whether storage holds a record of the stream older than {@code timestamp}, or one below its
   * trim point (a physical trim cut short by a crash, which opening the stream re-issues).
   */
  private boolean needsTrim(long streamId, long timestamp) {
    Optional<StreamState> found = store.state(streamId);
    if (found.isEmpty()) {
      return false;
    }
    StreamState state = found.get();
    if (state.trimPoint() != 0) {
      ReadLimit belowTrimPoint = new ReadLimit(1, Long.MAX_VALUE, ReadLimit.NO_UNTIL,
          state.trimPoint());
      if (!store.read(streamId, 0, belowTrimPoint).records().isEmpty()) {
        return true;
      }
    }
    if (ActiveStream.isEmpty(state)) {
      return false;
    }
    ReadLimit first = new ReadLimit(1, Long.MAX_VALUE, timestamp, state.tail().seqNum());
    return !store.read(streamId, state.trimPoint(), first).records().isEmpty();
  }

  /**
   * The durable state of a stream ({@link StreamState#EMPTY} if never written), from the
   * sequencer if the stream is open, otherwise read from storage off the caller's thread. Fails
   * with 409 if the stream is deleted.
   */
  public Mono<StreamState> durableState(long streamId) {
    ActiveStream open = streams.get(streamId);
    if (open != null) {
      return open.durableState();
    }
    return Mono.fromCallable(() -> store.state(streamId).orElse(StreamState.EMPTY))
        .subscribeOn(options.storageScheduler());
  }

  /** Whether a stream in this state retains no record (never written, or trimmed to its tail). */
  public static boolean isEmpty(StreamState state) {
    return ActiveStream.isEmpty(state);
  }

  /**
   * Deletes the stream (as {@link #delete}) only if it retains no record and no append is pending,
   * atomically with respect to appends. Completes with whether it is now deleted.
   */
  public CompletableFuture<Boolean> deleteIfEmpty(long streamId, StreamSettings settings) {
    return open(streamId, settings).deleteIfEmpty();
  }

  public EngineOptions options() {
    return options;
  }

  @Override
  public void close() {
    // Nothing to release: streams live on shared schedulers; the sweep has its own timer.
  }
}

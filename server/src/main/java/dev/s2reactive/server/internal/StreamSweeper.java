package dev.s2reactive.server.internal;

import dev.s2reactive.server.internal.catalog.Catalog;
import dev.s2reactive.server.internal.catalog.ResolvedStream;
import dev.s2reactive.server.internal.engine.MillisClock;
import dev.s2reactive.server.internal.engine.StreamEngine;
import dev.s2reactive.server.internal.engine.StreamSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The periodic background pass over every live stream the catalog knows (open in the engine or
 * not, so also after a restart): retention by age, then delete-on-empty (protocol §4.2).
 *
 * <p>Retention trims, through the stream's sequencer, the records whose timestamp is older than
 * {@code now - age}. Delete-on-empty deletes a stream through the catalog, as {@code DELETE
 * /streams/{s}} does, once it has retained no record for at least {@code min_age_secs}: counted
 * from its creation if it was never written, otherwise from when it became empty (all records
 * trimmed or expired). That moment is not persisted: it is when a pass first saw the stream empty
 * (the pass that expired its last record sees it at once), and after a restart the first pass's
 * time, so a deletion may come later than the earliest allowed moment, never earlier. An append
 * makes the stream non-empty and restarts the count. The emptiness check and the deletion are one
 * step on the sequencer, so an append either lands first (and the stream stays) or fails with 409.
 *
 * <p>Streams are processed {@value #CONCURRENCY} at a time; storage look-ups run on the engine's
 * storage scheduler, never on an event loop. A pass does not start while the previous one runs.
 * Failures of one stream are skipped and retried by the next pass. Thread-safe.
 */
public final class StreamSweeper implements AutoCloseable {

  static final int CONCURRENCY = 4;
  /** A stream whose maintenance hangs (storage stuck) must not stall every later pass. */
  static final Duration STREAM_TIMEOUT = Duration.ofMinutes(1);

  private final Catalog catalog;
  private final StreamEngine engine;
  private final MillisClock clock;
  private final ConcurrentHashMap<Long, Long> emptySinceMillis = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Disposable timer;
  private final Disposable.Swap currentPass = Disposables.swap();

  private StreamSweeper(Catalog catalog, StreamEngine engine, MillisClock clock) {
    this.catalog = catalog;
    this.engine = engine;
    this.clock = clock;
  }

  /** A sweeper whose passes run only when {@link #sweep()} is called. */
  public static StreamSweeper manual(Catalog catalog, StreamEngine engine) {
    return new StreamSweeper(catalog, engine, engine.options().clock());
  }

  /**
   * A sweeper that runs a pass every {@code engine.options().retentionInterval()} on the engine's
   * work scheduler (never, if that interval is zero), timed by the engine's clock.
   */
  public static StreamSweeper start(Catalog catalog, StreamEngine engine) {
    StreamSweeper sweeper = manual(catalog, engine);
    Duration interval = engine.options().retentionInterval();
    if (!interval.isZero() && !interval.isNegative()) {
      Scheduler scheduler = engine.options().workScheduler();
      sweeper.timer = scheduler.schedulePeriodically(
          sweeper::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return sweeper;
  }

  private void tick() {
    if (running.compareAndSet(false, true)) {
      currentPass.update(
          sweep().doFinally(signal -> running.set(false)).subscribe(null, error -> { }));
    }
  }

  /** One pass over every live stream at the clock's current time; completes when it is done. */
  public Mono<Void> sweep() {
    return Mono.defer(() -> {
      long now = clock.millis();
      List<ResolvedStream> live = catalog.liveStreams();
      Set<Long> ids = new HashSet<>();
      for (ResolvedStream stream : live) {
        ids.add(stream.id());
      }
      return Flux.fromIterable(live)
          .flatMap(
              stream -> Mono.defer(() -> sweep(stream, now))
                  .timeout(STREAM_TIMEOUT)
                  .onErrorResume(e -> Mono.empty()),
              CONCURRENCY)
          .then(Mono.fromRunnable(() -> emptySinceMillis.keySet().retainAll(ids)));
    });
  }

  private Mono<Void> sweep(ResolvedStream stream, long now) {
    StreamSettings settings = CatalogEngineBridge.settings(stream.config());
    Mono<Void> retention =
        engine.enforceRetention(stream.id(), settings, now).onErrorResume(e -> Mono.empty());
    if (settings.deleteOnEmptyMinAgeSeconds() == 0) {
      emptySinceMillis.remove(stream.id());
      return retention;
    }
    return retention.then(Mono.defer(() -> deleteIfEmptyLongEnough(stream, settings, now)));
  }

  private Mono<Void> deleteIfEmptyLongEnough(
      ResolvedStream stream, StreamSettings settings, long now) {
    long id = stream.id();
    if (engine.find(id).map(s -> s.isDeleted()).orElse(false)) {
      // Deleted in the engine by an earlier pass whose catalog write failed: finish it.
      return deleteInCatalog(stream);
    }
    return engine.durableState(id).flatMap(state -> {
      long since;
      if (state.tail().seqNum() == 0) {
        since = stream.createdAt().toEpochMilli();
      } else if (StreamEngine.isEmpty(state)) {
        since = emptySinceMillis.computeIfAbsent(id, k -> now);
      } else {
        emptySinceMillis.remove(id);
        return Mono.empty();
      }
      if (!hasElapsed(since, now, settings.deleteOnEmptyMinAgeSeconds())) {
        return Mono.empty();
      }
      return Mono.fromFuture(() -> engine.deleteIfEmpty(id, settings))
          .flatMap(deleted -> deleted ? deleteInCatalog(stream) : Mono.empty());
    });
  }

  private Mono<Void> deleteInCatalog(ResolvedStream stream) {
    return catalog.deleteStreamIfCurrent(stream.basin(), stream.name(), stream.id())
        .doOnNext(started -> {
          emptySinceMillis.remove(stream.id());
          if (!started) {
            // The name no longer denotes this stream, whose own deletion (if any) tells the
            // engine again; drop the tombstone this pass left.
            engine.delete(stream.id()).thenRun(() -> engine.forget(stream.id()));
          }
        })
        .then();
  }

  private static boolean hasElapsed(long sinceMillis, long nowMillis, long seconds) {
    if (seconds > Long.MAX_VALUE / 1000) {
      return false;
    }
    return nowMillis - sinceMillis >= seconds * 1000;
  }

  /** Stops the timer and cancels a timed pass in progress (its current storage call may finish). */
  @Override
  public void close() {
    Disposable current = timer;
    if (current != null) {
      current.dispose();
    }
    currentPass.dispose();
  }
}

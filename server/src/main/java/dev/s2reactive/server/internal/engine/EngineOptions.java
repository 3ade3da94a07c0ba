package dev.s2reactive.server.internal.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Knobs and collaborators of the {@link StreamEngine}. Immutable.
 *
 * @param clock arrival time of appends and the clock of retention
 * @param heartbeatIntervalMillis silence before a read session sends a heartbeat; drawn per
 *     heartbeat (default: uniform 5–15 s)
 * @param storageScheduler bounded scheduler for storage calls that may block (reads, look-ups)
 * @param workScheduler catch-up reads are delivered and timers fire here; never blocks
 * @param maxPendingAppendsPerStream appends queued or in flight per stream before new ones are
 *     rejected with 429 rate_limited
 * @param followerBufferBatches live batches buffered per follower before it falls back to storage
 * @param retentionInterval how often the background sweep enforces retention by age and
 *     delete-on-empty over every stream; zero disables the timer
 */
public record EngineOptions(
    MillisClock clock,
    LongSupplier heartbeatIntervalMillis,
    Scheduler storageScheduler,
    Scheduler workScheduler,
    int maxPendingAppendsPerStream,
    int followerBufferBatches,
    Duration retentionInterval) {

  public EngineOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(heartbeatIntervalMillis, "heartbeatIntervalMillis");
    Objects.requireNonNull(storageScheduler, "storageScheduler");
    Objects.requireNonNull(workScheduler, "workScheduler");
    Objects.requireNonNull(retentionInterval, "retentionInterval");
    if (maxPendingAppendsPerStream < 1 || followerBufferBatches < 1) {
      throw new IllegalArgumentException("bounds must be positive");
    }
  }

  /** Production defaults: system clock, 5–15 s heartbeats, Reactor's shared schedulers. */
  public static EngineOptions defaults() {
    return new EngineOptions(
        MillisClock.SYSTEM,
        () -> ThreadLocalRandom.current().nextLong(5_000, 15_001),
        Schedulers.boundedElastic(),
        Schedulers.parallel(),
        1024,
        32,
        Duration.ofMinutes(1));
  }

  public EngineOptions withClock(MillisClock value) {
    return new EngineOptions(value, heartbeatIntervalMillis, storageScheduler, workScheduler,
        maxPendingAppendsPerStream, followerBufferBatches, retentionInterval);
  }

  public EngineOptions withHeartbeatIntervalMillis(LongSupplier value) {
    return new EngineOptions(clock, value, storageScheduler, workScheduler,
        maxPendingAppendsPerStream, followerBufferBatches, retentionInterval);
  }

  public EngineOptions withMaxPendingAppendsPerStream(int value) {
    return new EngineOptions(clock, heartbeatIntervalMillis, storageScheduler, workScheduler,
        value, followerBufferBatches, retentionInterval);
  }

  public EngineOptions withFollowerBufferBatches(int value) {
    return new EngineOptions(clock, heartbeatIntervalMillis, storageScheduler, workScheduler,
        maxPendingAppendsPerStream, value, retentionInterval);
  }

  public EngineOptions withRetentionInterval(Duration value) {
    return new EngineOptions(clock, heartbeatIntervalMillis, storageScheduler, workScheduler,
        maxPendingAppendsPerStream, followerBufferBatches, value);
  }
}

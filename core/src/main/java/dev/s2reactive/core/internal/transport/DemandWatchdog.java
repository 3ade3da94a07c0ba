package dev.s2reactive.core.internal.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Fails a session that stays silent for longer than a timeout while data is wanted. Time only
 * counts while downstream has requested more than it received: a subscriber that stops requesting
 * pauses the socket, and that silence is not the server's fault.
 *
 * <p>One lazily rescheduled timer per session (no periodic polling).
 */
final class DemandWatchdog {

  private DemandWatchdog() {}

  static <T> Flux<T> watch(Flux<T> source, Duration timeout) {
    return watch(source, timeout, Schedulers.parallel());
  }

  static <T> Flux<T> watch(Flux<T> source, Duration timeout, Scheduler timer) {
    return Flux.defer(
        () -> {
          State state = new State(timeout.toNanos(), timer);
          return source
              .doOnNext(x -> state.onNext())
              .takeUntilOther(state.fired.asMono())
              .concatWith(
                  Mono.defer(
                      () ->
                          state.timedOut
                              ? Mono.error(
                                  new HeartbeatTimeoutException(
                                      "no data or heartbeat for " + timeout.toMillis() + " ms"))
                              : Mono.empty()))
              .doOnRequest(state::onRequest)
              .doFinally(s -> state.stop());
        });
  }

  /**
   * Fails a session whose response headers do not arrive within {@code timeout}: {@code open}
   * receives a callback to run when they do. Protects against servers that accept a connection and
   * then say nothing (the heartbeat watchdog only starts with the response).
   */
  static <T> Flux<T> withResponseTimeout(
      java.util.function.Function<Runnable, Flux<T>> open, Duration timeout) {
    return Flux.defer(
        () -> {
          Sinks.One<Boolean> fired = Sinks.one();
          java.util.concurrent.atomic.AtomicBoolean arrived =
              new java.util.concurrent.atomic.AtomicBoolean();
          java.util.concurrent.atomic.AtomicBoolean timedOut =
              new java.util.concurrent.atomic.AtomicBoolean();
          Disposable task =
              Schedulers.parallel()
                  .schedule(
                      () -> {
                        if (arrived.compareAndSet(false, true)) {
                          timedOut.set(true);
                          fired.tryEmitValue(Boolean.TRUE);
                        }
                      },
                      timeout.toNanos(),
                      TimeUnit.NANOSECONDS);
          return open.apply(
                  () -> {
                    if (arrived.compareAndSet(false, true)) {
                      task.dispose();
                    }
                  })
              .takeUntilOther(fired.asMono())
              .concatWith(
                  Mono.defer(
                      () ->
                          timedOut.get()
                              ? Mono.error(
                                  new HeartbeatTimeoutException(
                                      "no response within " + timeout.toMillis() + " ms"))
                              : Mono.empty()))
              .doFinally(s -> task.dispose());
        });
  }

  private static final class State {
    final long timeoutNanos;
    final Scheduler timer;
    final Sinks.One<Boolean> fired = Sinks.one();
    long pending;
    long lastNanos;
    Disposable task;
    boolean stopped;
    volatile boolean timedOut;

    State(long timeoutNanos, Scheduler timer) {
      this.timeoutNanos = timeoutNanos;
      this.timer = timer;
    }

    synchronized void onRequest(long n) {
      if (pending <= 0) {
        lastNanos = System.nanoTime();
      }
      pending = pending + n < 0 ? Long.MAX_VALUE : pending + n;
      if (task == null && !stopped) {
        schedule(timeoutNanos);
      }
    }

    synchronized void onNext() {
      if (pending != Long.MAX_VALUE) {
        pending--;
      }
      lastNanos = System.nanoTime();
    }

    private void schedule(long delayNanos) {
      task = timer.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
      boolean fire;
      synchronized (this) {
        task = null;
        if (stopped || pending <= 0) {
          return;
        }
        long idle = System.nanoTime() - lastNanos;
        fire = idle >= timeoutNanos;
        if (!fire) {
          schedule(timeoutNanos - idle);
          return;
        }
        timedOut = true;
      }
      fired.tryEmitValue(Boolean.TRUE);
    }

    synchronized void stop() {
      stopped = true;
      if (task != null) {
        task.dispose();
        task = null;
      }
    }
  }
}

package dev.s2reactive.server.internal.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/** Delegates to another scheduler and counts delayed (timer) tasks. */
final class CountingScheduler implements Scheduler {

  final AtomicInteger timers = new AtomicInteger();
  private final Scheduler delegate;

  CountingScheduler(Scheduler delegate) {
    this.delegate = delegate;
  }

  @Override
  public Disposable schedule(Runnable task) {
    return delegate.schedule(task);
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    timers.incrementAndGet();
    return delegate.schedule(task, delay, unit);
  }

  @Override
  public long now(TimeUnit unit) {
    return delegate.now(unit);
  }

  @Override
  public Worker createWorker() {
    return delegate.createWorker();
  }
}

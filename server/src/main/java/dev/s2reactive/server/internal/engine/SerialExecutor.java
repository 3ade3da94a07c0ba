package dev.s2reactive.server.internal.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: an actor without a thread of
 * its own. The queue is only as long as its callers let it grow, so callers bound what they submit.
 */
final class SerialExecutor implements Executor {

  private final Executor delegate;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (wip.getAndIncrement() == 0) {
      delegate.execute(this::drain);
    }
  }

  private void drain() {
    int missed = 1;
    do {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        try {
          task.run();
        } catch (Throwable t) {
          Thread.currentThread().getUncaughtExceptionHandler()
              .uncaughtException(Thread.currentThread(), t);
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}

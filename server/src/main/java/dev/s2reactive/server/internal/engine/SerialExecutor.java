package dev.s2reactive.server.internal.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order: an actor without a thread of its own. A task
 * submitted while the actor is idle runs at once on the submitting thread, which then also runs
 * whatever is submitted meanwhile (from any thread) until the queue is empty; a task submitted while
 * it is busy is queued for that thread. So an append costs no thread hand-off of its own: it is
 * sequenced on the event loop that decoded it and acknowledged on the storage thread that made it
 * durable. Tasks must therefore never block. The queue is only as long as its callers let it grow,
 * so callers bound what they submit.
 */
final class SerialExecutor implements Executor {

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (wip.getAndIncrement() == 0) {
      drain();
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

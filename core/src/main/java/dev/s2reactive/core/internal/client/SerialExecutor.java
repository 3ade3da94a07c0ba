package dev.s2reactive.core.internal.client;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in submission order, on whichever thread submits while no other task
 * runs (a trampoline): no thread of its own, no blocking. A task submitted from inside a task runs
 * right after it. The queue only ever holds tasks submitted while one is running, which the sink
 * bounds by its demand and in-flight budget.
 */
final class SerialExecutor {

  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final Consumer<Throwable> onTaskFailure;

  SerialExecutor(Consumer<Throwable> onTaskFailure) {
    this.onTaskFailure = onTaskFailure;
  }

  void execute(Runnable task) {
    tasks.add(task);
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      for (Runnable t; (t = tasks.poll()) != null; ) {
        try {
          t.run();
        } catch (RuntimeException | Error e) {
          onTaskFailure.accept(e);
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}

package dev.s2reactive.reliability;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * When faults happen: after each fault (and at the start) the workload must make some progress
 * (so every round does acknowledged work, which also shows that clients recovered), then a further
 * random, seeded pause picks the moment of the next fault. Runs on the caller's thread.
 *
 * @param faults how many faults to inject
 * @param minProgress progress units (e.g. acknowledged records) required before each fault
 * @param minPause shortest pause after that progress
 * @param maxPause longest pause after that progress
 * @param progressTimeout how long progress may take before the run fails
 */
public record FaultSchedule(
    int faults, long minProgress, Duration minPause, Duration maxPause, Duration progressTimeout) {

  public FaultSchedule {
    Objects.requireNonNull(minPause, "minPause");
    Objects.requireNonNull(maxPause, "maxPause");
    Objects.requireNonNull(progressTimeout, "progressTimeout");
    if (faults < 0 || minProgress < 0 || minPause.compareTo(maxPause) > 0) {
      throw new IllegalArgumentException("invalid schedule " + this);
    }
  }

  /**
   * Injects {@link #faults()} faults with {@code injector} as {@code progress} advances.
   *
   * @return the faults injected
   * @throws IllegalStateException if progress stalls for longer than {@link #progressTimeout()}
   */
  public int run(FaultInjector injector, LongSupplier progress, RandomGenerator random)
      throws Exception {
    int done = 0;
    for (int i = 0; i < faults; i++) {
      awaitProgress(progress, progress.getAsLong() + minProgress, i);
      long pauseMillis =
          minPause.toMillis() + random.nextLong(maxPause.toMillis() - minPause.toMillis() + 1);
      Thread.sleep(pauseMillis); // the random moment of the fault itself, not a wait for work
      injector.inject(random);
      done++;
    }
    awaitProgress(progress, progress.getAsLong() + minProgress, faults);
    return done;
  }

  private void awaitProgress(LongSupplier progress, long target, int round)
      throws InterruptedException {
    long deadline = System.nanoTime() + progressTimeout.toNanos();
    while (progress.getAsLong() < target) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "no progress in round " + round + " within " + progressTimeout + ": at "
                + progress.getAsLong() + ", waiting for " + target);
      }
      Thread.sleep(10);
    }
  }
}

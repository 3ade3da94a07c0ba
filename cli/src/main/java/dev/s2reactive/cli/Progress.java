package dev.s2reactive.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A progress line on standard error ({@code \r}-rewritten once a second), shown only when a person
 * watches (stderr is a terminal) and only after the first second, so short runs stay quiet. Other
 * messages go through {@link #println} so they do not interleave with the line. Thread-safe.
 */
final class Progress implements AutoCloseable {

  private static final Duration PERIOD = Duration.ofSeconds(1);

  private final PrintStream err;
  private final String verb;
  private final boolean enabled;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final long startNanos = System.nanoTime();
  private final Disposable ticker;
  private boolean lineShown;

  Progress(CliEnv env, String verb) {
    this.err = env.err();
    this.verb = verb;
    this.enabled = env.interactive();
    this.ticker =
        enabled
            ? Flux.interval(PERIOD, PERIOD, Schedulers.parallel()).subscribe(tick -> render())
            : null;
  }

  void add(long recordCount, long meteredBytes) {
    records.addAndGet(recordCount);
    bytes.addAndGet(meteredBytes);
  }

  long records() {
    return records.get();
  }

  /** Prints a whole line, clearing the progress line first. */
  synchronized void println(String line) {
    clearLine();
    err.println(line);
  }

  private synchronized void render() {
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    long n = records.get();
    err.printf(
        "\r%s %d records, %.1f KiB (%.0f records/s)\033[K",
        verb, n, bytes.get() / 1024.0, n / seconds);
    err.flush();
    lineShown = true;
  }

  private void clearLine() {
    if (lineShown) {
      err.print("\r\033[K");
      lineShown = false;
    }
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.dispose();
    }
    clearLine();
    err.flush();
  }
}

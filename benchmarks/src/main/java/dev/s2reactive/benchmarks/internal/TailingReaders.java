package dev.s2reactive.benchmarks.internal;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Read sessions that follow one stream from its tail, each counting the records it receives. Open
 * them with {@link #open}, dispose them all with {@link #close}. Counters are thread-safe (records
 * arrive on Netty event loops); {@code open} and {@code close} are for one thread.
 */
public final class TailingReaders implements AutoCloseable {

  private final ReactorS2Stream stream;
  private final AtomicIntegerArray received;
  private final List<Disposable> subscriptions;
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();

  public TailingReaders(ReactorS2Stream stream, int capacity) {
    this.stream = stream;
    this.received = new AtomicIntegerArray(capacity);
    this.subscriptions = new ArrayList<>(capacity);
  }

  /** Opens {@code count} more sessions at the tail (asynchronously: they connect in background). */
  public void open(int count) {
    if (subscriptions.size() + count > received.length()) {
      throw new IllegalArgumentException("more readers than capacity " + received.length());
    }
    for (int i = 0; i < count; i++) {
      int index = subscriptions.size();
      subscriptions.add(Flux.from(stream.readSession(ReadSpec.from(StartAt.tail()))).subscribe(
          record -> received.incrementAndGet(index),
          error -> {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error);
          },
          completed::incrementAndGet));
    }
  }

  /** Sessions opened so far. */
  public int size() {
    return subscriptions.size();
  }

  /** Sessions that have received exactly {@code records} records. */
  public int receivedExactly(int records) {
    int n = 0;
    for (int i = 0; i < subscriptions.size(); i++) {
      if (received.get(i) == records) {
        n++;
      }
    }
    return n;
  }

  /** Sessions that ended with an error. */
  public int failed() {
    return failed.get();
  }

  /** Sessions that ended normally (a tailing read never should). */
  public int completed() {
    return completed.get();
  }

  /** The first error a session ended with, or null. */
  public Throwable firstError() {
    return firstError.get();
  }

  @Override
  public void close() {
    subscriptions.forEach(Disposable::dispose);
  }
}

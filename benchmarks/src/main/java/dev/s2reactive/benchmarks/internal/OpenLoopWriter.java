package dev.s2reactive.benchmarks.internal;

import dev.s2reactive.core.model.AppendRecord;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * An open-loop publisher of bench records on its own thread: record {@code i} is due at {@code
 * origin + i * recordSize / rate} whatever happened to earlier ones, and carries that intended
 * time, so backpressure and stalls show up as latency instead of silently lowering the rate. With
 * rate 0 ("max") records are sent as fast as demand allows and the intended time is the time of
 * sending. Publishing stops at {@code origin + duration}.
 *
 * <p>Keeps the intended send time of the last {@code window} records for ack latency; it never
 * runs more than {@code window} records ahead of {@link #acknowledged(long)}. Single subscriber;
 * {@code onNext} comes from the writer thread, within demand.
 */
public final class OpenLoopWriter implements Publisher<AppendRecord> {

  private static final long PARK_NANOS = 1_000_000L;

  private final Workload workload;
  private final double nanosPerRecord;
  private final long origin;
  private final long end;
  private final long[] intended;
  private final int mask;
  private final AtomicLong demand = new AtomicLong();
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private volatile boolean cancelled;
  private volatile long emitted;
  private volatile long acknowledged;
  private volatile Thread thread;

  /**
   * @param bytesPerSecond target rate in metered bytes per second, 0 for as fast as possible
   * @param window records whose send time is kept; rounded up to a power of two
   */
  public OpenLoopWriter(
      Workload workload, double bytesPerSecond, long originNanos, long durationNanos, int window) {
    this.workload = workload;
    this.nanosPerRecord = bytesPerSecond <= 0 ? 0 : workload.recordSize() * 1e9 / bytesPerSecond;
    this.origin = originNanos;
    this.end = originNanos + durationNanos;
    int size = Integer.highestOneBit(Math.max(2, window) - 1) << 1;
    this.intended = new long[size];
    this.mask = size - 1;
  }

  @Override
  public void subscribe(Subscriber<? super AppendRecord> subscriber) {
    if (!subscribed.compareAndSet(false, true)) {
      throw new IllegalStateException("single subscriber");
    }
    Thread writer = new Thread(() -> run(subscriber), "bench-writer");
    writer.setDaemon(true);
    thread = writer;
    subscriber.onSubscribe(
        new Subscription() {
          @Override
          public void request(long n) {
            if (n <= 0) {
              cancelled = true;
            } else {
              demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            }
            LockSupport.unpark(writer);
          }

          @Override
          public void cancel() {
            cancelled = true;
            LockSupport.unpark(writer);
          }
        });
    writer.start();
  }

  /** Records the writer's acknowledgement count; frees the window. Any thread. */
  public void acknowledged(long records) {
    acknowledged = records;
    Thread writer = thread;
    if (writer != null) {
      LockSupport.unpark(writer);
    }
  }

  /** Intended send time ({@link System#nanoTime()}) of record {@code index}, not yet acked. */
  public long intendedNanos(long index) {
    if (index >= emitted || index < emitted - intended.length) {
      throw new IllegalStateException("record " + index + " is outside the window");
    }
    return intended[(int) (index & mask)];
  }

  /** Records published so far. */
  public long emitted() {
    return emitted;
  }

  /** Chain hash of the last published record. */
  public long lastHash() {
    return workload.lastHash();
  }

  private void run(Subscriber<? super AppendRecord> subscriber) {
    long index = 0;
    while (!cancelled) {
      long due;
      if (nanosPerRecord > 0) {
        due = origin + (long) (index * nanosPerRecord);
        if (due >= end) {
          break;
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
          continue;
        }
      } else if (System.nanoTime() >= end) {
        break;
      } else {
        due = 0;
      }
      if (demand.get() == 0 || index - acknowledged >= intended.length) {
        LockSupport.parkNanos(this, PARK_NANOS);
        continue;
      }
      long sendTime = due == 0 ? System.nanoTime() : due;
      intended[(int) (index & mask)] = sendTime;
      AppendRecord record = workload.next((sendTime - origin) / 1_000);
      index++;
      emitted = index;
      demand.decrementAndGet();
      subscriber.onNext(record);
    }
    if (!cancelled) {
      subscriber.onComplete();
    }
  }
}

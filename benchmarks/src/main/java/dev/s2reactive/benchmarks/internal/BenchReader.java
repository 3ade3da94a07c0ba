package dev.s2reactive.benchmarks.internal;

import dev.s2reactive.core.model.SequencedRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * One bench reader: one read session, every record verified ({@link StreamVerifier}) and, for live
 * readers, its end-to-end latency recorded from the intended send time carried in its timestamp.
 * It finishes once it has seen the number of records set with {@link #expect(long)}, when the read
 * ends or fails, or at the first violation. Signals are serial (one session); the accessors are
 * meant to be read after {@link #await}.
 */
public final class BenchReader extends BaseSubscriber<SequencedRecord> {

  private final StreamVerifier verifier;
  private final LatencyRecorder latency;
  private volatile long origin;
  private final int recordSize;
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile long expected = Long.MAX_VALUE;
  private volatile long records;
  private long subscribedAt;
  private volatile long lastRecordAt;
  private volatile Throwable failure;

  /**
   * @param latency where end-to-end latencies go; null to skip (catch-up readers)
   * @param originNanos the run's origin: record timestamps are microseconds since it
   */
  public BenchReader(
      long firstSeqNum, int recordSize, int bodySize, LatencyRecorder latency, long originNanos) {
    this.verifier = new StreamVerifier(firstSeqNum, bodySize);
    this.latency = latency;
    this.origin = originNanos;
    this.recordSize = recordSize;
  }

  /** Sets the run's origin, if it was not known at construction; before the first record. */
  public void clockStartsAt(long originNanos) {
    origin = originNanos;
  }

  /** Subscribes this reader to {@code records}. */
  public BenchReader start(Publisher<SequencedRecord> records) {
    Flux.from(records).subscribe(this);
    return this;
  }

  /** The number of records after which this reader stops. Any thread. */
  public void expect(long count) {
    expected = count;
    if (records >= count) {
      finish();
    }
  }

  /** Waits for the reader to finish; false on timeout. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
    subscribedAt = System.nanoTime();
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  protected void hookOnNext(SequencedRecord record) {
    long now = System.nanoTime();
    if (!verifier.accept(record)) {
      finish();
      return;
    }
    if (latency != null) {
      latency.record(now - (origin + record.timestamp() * 1_000));
    }
    lastRecordAt = now;
    long seen = ++records;
    if (seen >= expected) {
      finish();
    }
  }

  @Override
  protected void hookOnError(Throwable error) {
    failure = error;
    done.countDown();
  }

  @Override
  protected void hookOnComplete() {
    done.countDown();
  }

  private void finish() {
    if (finished.compareAndSet(false, true)) {
      dispose();
      done.countDown();
    }
  }

  public long records() {
    return records;
  }

  /** Records and metered bytes from subscription to the last record. */
  public Throughput throughput() {
    long last = lastRecordAt;
    return new Throughput(records * recordSize, records, last == 0 ? 0 : last - subscribedAt);
  }

  /** Records and metered bytes from {@code startNanos} to the last record. */
  public Throughput throughputSince(long startNanos) {
    long last = lastRecordAt;
    return new Throughput(records * recordSize, records, last == 0 ? 0 : last - startNanos);
  }

  /** Empty when this reader saw exactly the acknowledged records, in order, with the chain. */
  public Optional<String> verdict(long acknowledged, long writerHash) {
    Throwable error = failure;
    if (error != null && verifier.violation().isEmpty()) {
      return Optional.of("read failed: " + error);
    }
    if (done.getCount() > 0 && verifier.violation().isEmpty()) {
      return Optional.of(
          "timed out after " + verifier.records() + " of " + acknowledged + " records");
    }
    return verifier.verdict(acknowledged, writerHash);
  }
}

package dev.s2reactive.core.internal.metrics;

import dev.s2reactive.core.internal.transport.HeartbeatTimeoutException;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ClientMetrics} as Micrometer meters, all named {@code s2.client.*}. Tags are bounded:
 * operation and cause (error codes and a few transport conditions). Thread-safe.
 */
final class MicrometerClientMetrics implements ClientMetrics {

  /** Client timestamps more than this ahead of the clock are not epoch milliseconds: skipped. */
  private static final long FUTURE_SLACK_MILLIS = 60_000;

  private final MeterRegistry registry;
  private final Timer ackLatency;
  private final Timer endToEndLatency;
  private final AtomicLong inFlightBatches = new AtomicLong();
  private final AtomicLong inFlightBytes = new AtomicLong();
  private final Counter reconnects;
  private final Counter heartbeatTimeouts;
  private final ConcurrentHashMap<String, Counter> retries = new ConcurrentHashMap<>();

  private MicrometerClientMetrics(MeterRegistry registry) {
    this.registry = registry;
    ackLatency = Timer.builder("s2.client.append.ack.latency")
        .description("Time from sending an append batch until its ack")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    endToEndLatency = Timer.builder("s2.client.read.e2e.latency")
        .description("Time from a live record's timestamp (epoch ms) until the reader got it")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
    Gauge.builder("s2.client.append.inflight.batches", inFlightBatches, AtomicLong::get)
        .description("Append batches sent and not yet settled").register(registry);
    Gauge.builder("s2.client.append.inflight", inFlightBytes, AtomicLong::get)
        .baseUnit("bytes")
        .description("Metered bytes of append batches sent and not yet settled")
        .register(registry);
    reconnects = Counter.builder("s2.client.read.reconnects")
        .description("Read sessions reopened at the cursor after a failure").register(registry);
    heartbeatTimeouts = Counter.builder("s2.client.read.heartbeat.timeouts")
        .description("Read sessions dropped because the server went silent").register(registry);
  }

  static ClientMetrics create(Object registry) {
    if (!(registry instanceof MeterRegistry meterRegistry)) {
      throw new IllegalArgumentException(
          "expected an io.micrometer.core.instrument.MeterRegistry, got "
              + (registry == null ? "null" : registry.getClass().getName()));
    }
    return new MicrometerClientMetrics(meterRegistry);
  }

  @Override
  public void appendSent(long meteredBytes) {
    inFlightBatches.incrementAndGet();
    inFlightBytes.addAndGet(meteredBytes);
  }

  @Override
  public void appendSettled(long meteredBytes, long nanos, boolean acked) {
    inFlightBatches.decrementAndGet();
    inFlightBytes.addAndGet(-meteredBytes);
    if (acked) {
      ackLatency.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void retry(String operation, Throwable cause) {
    String reason = ClientMetrics.cause(cause);
    retries.computeIfAbsent(operation + '\0' + reason, key ->
        Counter.builder("s2.client.retries")
            .description("Operations tried again after a failure, by operation and cause")
            .tag("operation", operation).tag("cause", reason).register(registry))
        .increment();
  }

  @Override
  public void readReconnect(Throwable cause) {
    reconnects.increment();
    if (cause instanceof HeartbeatTimeoutException) {
      heartbeatTimeouts.increment();
    }
    retry("read", cause);
  }

  @Override
  public void readBatch(ReadBatch batch) {
    // Only live batches carry the tail; catch-up records are old by design.
    if (batch.tail().isEmpty() || batch.records().isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    for (SequencedRecord record : batch.records()) {
      long age = now - record.timestamp();
      if (record.timestamp() > 0 && age > -FUTURE_SLACK_MILLIS) {
        endToEndLatency.record(Math.max(0, age), TimeUnit.MILLISECONDS);
      }
    }
  }
}

package dev.s2reactive.server.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.server.internal.engine.ActiveStream;
import dev.s2reactive.server.internal.engine.EngineOptions;
import dev.s2reactive.server.internal.engine.ReadRequest;
import dev.s2reactive.server.internal.engine.ReadStart;
import dev.s2reactive.server.internal.engine.SharedBatch;
import dev.s2reactive.server.internal.engine.StreamEngine;
import dev.s2reactive.server.internal.engine.StreamSettings;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/** Drives appends and reads through the engine and checks the meters they move. */
class EngineMetricsTest {

  private final PrometheusServerMetrics metrics = new PrometheusServerMetrics();
  private final InMemoryStorage storage = new InMemoryStorage();
  private final StreamEngine engine = new StreamEngine(
      storage,
      EngineOptions.defaults().withFollowerBufferBatches(1).withRetentionInterval(Duration.ZERO),
      metrics);

  @AfterEach
  void close() {
    engine.close();
    storage.close();
    metrics.close();
  }

  @Test
  void appendsAndReadsMoveTheirMeters() throws Exception {
    ActiveStream stream = engine.open(1, StreamSettings.DEFAULTS);
    long appendedBytes = 0;
    for (int i = 0; i < 3; i++) {
      AppendInput input = batch(i * 2, 2);
      appendedBytes += input.meteredBytes();
      append(stream, input);
    }
    assertThatThrownBy(() -> append(stream, batch(6, 1).withMatchSeqNum(0)))
        .hasCauseInstanceOf(AppendConditionFailedException.class);

    PrometheusText afterAppends = scrape();
    assertThat(afterAppends.require("s2_append_batches_total")).isEqualTo(3);
    assertThat(afterAppends.require("s2_append_records_total")).isEqualTo(6);
    assertThat(afterAppends.require("s2_append_metered_bytes_total")).isEqualTo(appendedBytes);
    assertThat(afterAppends.require("s2_append_ack_latency_seconds_count")).isEqualTo(3);
    assertThat(afterAppends.require("s2_append_ack_latency_seconds_bucket", "le", "+Inf"))
        .isEqualTo(3);
    assertThat(afterAppends.require("s2_append_failures_total", "code", "append_condition_failed"))
        .isEqualTo(1);

    // A streaming session catches up from storage, then follows live.
    Reader reader = new Reader(Long.MAX_VALUE);
    stream.readSession(ReadRequest.from(ReadStart.seqNum(0))).subscribe(reader);
    await(() -> reader.records.get() == 6, "catch-up");
    await(() -> gauge("s2.read.followers.active") == 1, "follower registered");
    assertThat(gauge("s2.read.sessions.active", "mode", "streaming")).isEqualTo(1);
    AppendInput live = batch(6, 2);
    append(stream, live);
    await(() -> reader.records.get() == 8, "live delivery");
    reader.dispose();
    await(() -> gauge("s2.read.sessions.active", "mode", "streaming") == 0, "session closed");
    assertThat(gauge("s2.read.followers.active")).isZero();

    // A unary read is served from storage.
    ReadBatch unary = stream.readUnary(ReadRequest.from(ReadStart.seqNum(0))).block();
    assertThat(unary.records()).hasSize(8);
    await(() -> gauge("s2.read.sessions.active", "mode", "unary") == 0, "unary session closed");

    PrometheusText text = scrape();
    assertThat(text.require("s2_read_records_total", "mode", "streaming", "source", "storage"))
        .isEqualTo(6);
    assertThat(text.require("s2_read_records_total", "mode", "streaming", "source", "live"))
        .isEqualTo(2);
    assertThat(text.require("s2_read_records_total", "mode", "unary", "source", "storage"))
        .isEqualTo(8);
    assertThat(text.require("s2_read_records_total", "mode", "unary", "source", "live")).isZero();
    assertThat(text.require("s2_read_metered_bytes_total", "mode", "streaming", "source", "live"))
        .isEqualTo(live.meteredBytes());
    assertThat(text.require("s2_read_metered_bytes_total", "mode", "unary", "source", "storage"))
        .isEqualTo(appendedBytes + live.meteredBytes());
    assertThat(text.require("s2_read_follower_fallbacks_total")).isZero();
    assertThat(text.require("s2_append_batches_total")).isEqualTo(4);
  }

  @Test
  void aFollowerWithoutDemandFallsBackToStorage() throws Exception {
    ActiveStream stream = engine.open(2, StreamSettings.DEFAULTS);
    Reader reader = new Reader(0);
    stream.readSession(ReadRequest.from(ReadStart.seqNum(0))).subscribe(reader);
    await(() -> gauge("s2.read.followers.active") == 1, "follower registered");

    // The follower buffers one live batch; the second overflows it.
    for (int i = 0; i < 3; i++) {
      append(stream, batch(i * 2, 2));
    }
    await(() -> counter("s2.read.follower.fallbacks") == 1, "fallback");

    reader.request(Long.MAX_VALUE);
    await(() -> reader.records.get() == 6, "records after the fallback");
    PrometheusText text = scrape();
    assertThat(text.require("s2_read_follower_fallbacks_total")).isEqualTo(1);
    assertThat(text.require("s2_read_records_total", "mode", "streaming", "source", "storage"))
        .isPositive();
    assertThat(text.require("s2_read_records_total", "mode", "streaming", "source", "storage")
            + text.require("s2_read_records_total", "mode", "streaming", "source", "live"))
        .isEqualTo(6);
    reader.dispose();
  }

  @Test
  void theNoOpFacadeNeedsNoRegistry() throws Exception {
    try (StreamEngine plain = new StreamEngine(storage, EngineOptions.defaults()
        .withRetentionInterval(Duration.ZERO))) {
      ActiveStream stream = plain.open(3, StreamSettings.DEFAULTS);
      AppendAck ack = append(stream, batch(0, 3));
      assertThat(ack.end().seqNum()).isEqualTo(3);
      assertThat(stream.readUnary(ReadRequest.from(ReadStart.seqNum(0))).block().records())
          .hasSize(3);
    }
    assertThat(scrape().require("s2_append_batches_total")).isZero();
  }

  private PrometheusText scrape() {
    return PrometheusText.parse(metrics.scrape());
  }

  private double gauge(String name, String... tags) {
    return metrics.registry().get(name).tags(tags).gauge().value();
  }

  private double counter(String name) {
    return metrics.registry().get(name).counter().count();
  }

  private static AppendInput batch(int first, int n) {
    List<AppendRecord> records = new ArrayList<>();
    for (int i = first; i < first + n; i++) {
      records.add(AppendRecord.builder().header("k", "v" + i).body("record-" + i).build());
    }
    return AppendInput.of(records);
  }

  private static AppendAck append(ActiveStream stream, AppendInput input) throws Exception {
    return stream.append(input).get(10, TimeUnit.SECONDS);
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
  }

  /** Counts delivered records; requests {@code initial} on subscribe. */
  private static final class Reader extends BaseSubscriber<SharedBatch> {
    final AtomicLong records = new AtomicLong();
    private final long initial;

    Reader(long initial) {
      this.initial = initial;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      if (initial > 0) {
        subscription.request(initial);
      }
    }

    @Override
    protected void hookOnNext(SharedBatch batch) {
      records.addAndGet(batch.batch().records().size());
    }
  }
}

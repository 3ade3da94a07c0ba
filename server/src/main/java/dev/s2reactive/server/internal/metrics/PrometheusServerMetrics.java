package dev.s2reactive.server.internal.metrics;

import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToLongFunction;

/**
 * {@link ServerMetrics} backed by a Micrometer {@link PrometheusMeterRegistry}, plus JVM and
 * process meters. {@link #scrape()} renders the Prometheus text exposition format 0.0.4.
 *
 * <p>Meters on hot paths are registered in the constructor; those with a bounded tag that is only
 * known later (HTTP route × status class, append failure code) are registered once on first use
 * and cached in an array slot; per-stream counters once per stream, for at most {@code
 * maxStreamSeries} streams (the rest share the label value {@value #OTHER_STREAMS}). Thread-safe.
 * {@link #close()} unhooks the GC listeners.
 */
public final class PrometheusServerMetrics implements ServerMetrics, AutoCloseable {

  /** Content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
    Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };
  private static final double[] GROUP_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
  private static final double[] LAG_BUCKETS = {1, 10, 100, 1_000, 10_000, 100_000};
  /** Default bound on streams with their own basin/stream labels. */
  public static final int DEFAULT_MAX_STREAM_SERIES = 100;
  /** Label value shared by the streams past the bound. */
  public static final String OTHER_STREAMS = "_other";
  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  private static final String CONDITION_FAILED = "append_condition_failed";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  private final Counter appendBatches;
  private final Counter appendRecords;
  private final Counter appendBytes;
  private final Timer appendLatency;
  private final ErrorCode[] errorCodes = ErrorCode.values();
  // One slot per ErrorCode, then "append_condition_failed", then "other".
  private final AtomicReferenceArray<Counter> appendFailures =
      new AtomicReferenceArray<>(errorCodes.length + 2);

  // Index: (unary ? 2 : 0) + (live ? 1 : 0).
  private final Counter[] readRecords = new Counter[4];
  private final Counter[] readBytes = new Counter[4];
  private final AtomicLong streamingSessions = new AtomicLong();
  private final AtomicLong unarySessions = new AtomicLong();
  private final AtomicLong followers = new AtomicLong();
  private final Counter followerFallbacks;
  private final DistributionSummary followerLag;

  private final int maxStreamSeries;
  private final ConcurrentHashMap<String, StreamMeter> streamMeters = new ConcurrentHashMap<>();
  private volatile StreamMeter otherStreams;

  private final Timer storageCommit;
  private final DistributionSummary storageCommitWrites;
  private final Counter storageCommitBytes;
  private final Counter storageCommitFailures;

  public PrometheusServerMetrics() {
    this(DEFAULT_MAX_STREAM_SERIES);
  }

  /** @param maxStreamSeries streams that get their own basin/stream labels; later ones share one */
  public PrometheusServerMetrics(int maxStreamSeries) {
    this.maxStreamSeries = maxStreamSeries;
    MeterRegistry r = registry;
    new JvmMemoryMetrics().bindTo(r);
    gcMetrics.bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new ClassLoaderMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    new UptimeMetrics().bindTo(r);
    new FileDescriptorMetrics().bindTo(r);

    appendBatches = Counter.builder("s2.append.batches")
        .description("Append batches acknowledged").register(r);
    appendRecords = Counter.builder("s2.append.records")
        .description("Records in acknowledged appends").register(r);
    appendBytes = Counter.builder("s2.append.metered").baseUnit("bytes")
        .description("Metered bytes of acknowledged appends").register(r);
    appendLatency = Timer.builder("s2.append.ack.latency")
        .description("Time from an append reaching the engine until its ack (durable)")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(r);

    for (int unary = 0; unary < 2; unary++) {
      for (int live = 0; live < 2; live++) {
        String mode = unary == 1 ? "unary" : "streaming";
        String source = live == 1 ? "live" : "storage";
        readRecords[unary * 2 + live] = Counter.builder("s2.read.records")
            .description("Records delivered to readers")
            .tag("mode", mode).tag("source", source).register(r);
        readBytes[unary * 2 + live] = Counter.builder("s2.read.metered").baseUnit("bytes")
            .description("Metered bytes delivered to readers")
            .tag("mode", mode).tag("source", source).register(r);
      }
    }
    Gauge.builder("s2.read.sessions.active", streamingSessions, AtomicLong::get)
        .description("Open read sessions").tag("mode", "streaming").register(r);
    Gauge.builder("s2.read.sessions.active", unarySessions, AtomicLong::get)
        .description("Open read sessions").tag("mode", "unary").register(r);
    Gauge.builder("s2.read.followers.active", followers, AtomicLong::get)
        .description("Read sessions following a stream's live tail").register(r);
    followerFallbacks = Counter.builder("s2.read.follower.fallbacks")
        .description("Followers whose live buffer overflowed, so they fell back to storage")
        .register(r);
    followerLag = DistributionSummary.builder("s2.read.follower.lag").baseUnit("records")
        .description("Records durable but not yet handed to a live follower, at each delivery")
        .serviceLevelObjectives(LAG_BUCKETS).register(r);

    storageCommit = Timer.builder("s2.storage.commit")
        .description("Group-commit write including the WAL fsync")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(r);
    storageCommitWrites = DistributionSummary.builder("s2.storage.commit.writes")
        .description("Writes per group commit (group-commit batch size)")
        .serviceLevelObjectives(GROUP_BUCKETS).register(r);
    storageCommitBytes = Counter.builder("s2.storage.committed").baseUnit("bytes")
        .description("Approximate bytes written by group commits").register(r);
    storageCommitFailures = Counter.builder("s2.storage.commit.failures")
        .description("Group commits that failed (every write in them failed)").register(r);
  }

  /** The registry, for binding further meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter in Prometheus text exposition format 0.0.4 ({@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }

  // ---- appends ----

  @Override
  public void appendAcked(int records, long meteredBytes, long latencyNanos) {
    appendBatches.increment();
    appendRecords.increment(records);
    appendBytes.increment(meteredBytes);
    appendLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void appendFailed(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    int slot = errorCodes.length + 1;
    String reason = "other";
    if (e instanceof AppendConditionFailedException) {
      slot = errorCodes.length;
      reason = CONDITION_FAILED;
    } else if (e instanceof S2Exception s2) {
      ErrorCode code = s2.errorCode().orElse(null);
      if (code != null) {
        slot = code.ordinal();
        reason = code.wireName();
      }
    }
    Counter counter = appendFailures.get(slot);
    if (counter == null) {
      counter = Counter.builder("s2.append.failures")
          .description("Append batches that failed, by error code")
          .tag("code", reason).register(registry);
      appendFailures.set(slot, counter);
    }
    counter.increment();
  }

  // ---- reads ----

  @Override
  public void readDelivered(boolean unary, boolean live, int records, long meteredBytes) {
    int index = (unary ? 2 : 0) + (live ? 1 : 0);
    readRecords[index].increment(records);
    readBytes[index].increment(meteredBytes);
  }

  @Override
  public void readSessionOpened(boolean unary) {
    (unary ? unarySessions : streamingSessions).incrementAndGet();
  }

  @Override
  public void readSessionClosed(boolean unary) {
    (unary ? unarySessions : streamingSessions).decrementAndGet();
  }

  @Override
  public void followerAdded() {
    followers.incrementAndGet();
  }

  @Override
  public void followerRemoved() {
    followers.decrementAndGet();
  }

  @Override
  public void followerFellBack() {
    followerFallbacks.increment();
  }

  @Override
  public void followerLag(long lagRecords) {
    followerLag.record(Math.max(0, lagRecords));
  }

  // ---- per stream ----

  @Override
  public StreamMeter stream(String basin, String stream) {
    String key = basin + '/' + stream;
    StreamMeter meter = streamMeters.get(key);
    if (meter != null) {
      return meter;
    }
    if (streamMeters.size() >= maxStreamSeries) {
      StreamMeter other = otherStreams;
      if (other == null) {
        other = new CountingStreamMeter(OTHER_STREAMS, OTHER_STREAMS);
        otherStreams = other; // racing creators register the same counters
      }
      return other;
    }
    return streamMeters.computeIfAbsent(key, k -> new CountingStreamMeter(basin, stream));
  }

  /** Counters of one stream (or of every stream past the bound). */
  private final class CountingStreamMeter implements StreamMeter {
    private final Counter appendedRecords;
    private final Counter appendedBytes;
    private final Counter deliveredRecords;
    private final Counter deliveredBytes;

    CountingStreamMeter(String basin, String stream) {
      appendedRecords = streamCounter("s2.stream.append.records", null, basin, stream,
          "Records appended to the stream (acknowledged)");
      appendedBytes = streamCounter("s2.stream.append.metered", "bytes", basin, stream,
          "Metered bytes appended to the stream (acknowledged)");
      deliveredRecords = streamCounter("s2.stream.read.records", null, basin, stream,
          "Records of the stream delivered to readers");
      deliveredBytes = streamCounter("s2.stream.read.metered", "bytes", basin, stream,
          "Metered bytes of the stream delivered to readers");
    }

    @Override
    public void appended(int records, long meteredBytes) {
      appendedRecords.increment(records);
      appendedBytes.increment(meteredBytes);
    }

    @Override
    public void delivered(int records, long meteredBytes) {
      deliveredRecords.increment(records);
      deliveredBytes.increment(meteredBytes);
    }
  }

  private Counter streamCounter(
      String name, String unit, String basin, String stream, String description) {
    return Counter.builder(name).baseUnit(unit).description(description)
        .tag("basin", basin).tag("stream", stream).register(registry);
  }

  // ---- storage ----

  @Override
  public void storageCommitted(int writes, long bytes, long syncNanos) {
    storageCommit.record(syncNanos, TimeUnit.NANOSECONDS);
    storageCommitWrites.record(writes);
    storageCommitBytes.increment(bytes);
  }

  @Override
  public void storageCommitFailed(int writes) {
    storageCommitFailures.increment();
  }

  @Override
  public void bindStorageStats(StorageStats stats) {
    sizeGauge("s2.storage.live.data", "Estimated live data on disk", stats,
        StorageStats::liveDataBytes);
    sizeGauge("s2.storage.table.files", "Size of on-disk table (SST) files", stats,
        StorageStats::tableFilesBytes);
    sizeGauge("s2.storage.memtables", "Size of in-memory tables not yet flushed", stats,
        StorageStats::memtableBytes);
  }

  private void sizeGauge(
      String name, String description, StorageStats stats, ToLongFunction<StorageStats> read) {
    Gauge.builder(name, stats, s -> {
          long value = read.applyAsLong(s);
          return value < 0 ? Double.NaN : value;
        })
        .description(description).baseUnit("bytes").strongReference(true).register(registry);
  }

  // ---- http ----

  @Override
  public HttpRouteMeter httpRoute(String method, String template) {
    return new RouteMeter(method.toUpperCase(Locale.ROOT), template);
  }

  /** Timers of one route, one per status class, each registered on first use. */
  private final class RouteMeter implements HttpRouteMeter {
    private final String method;
    private final String template;
    private final AtomicReferenceArray<Timer> byStatusClass =
        new AtomicReferenceArray<>(STATUS_CLASSES.length);

    RouteMeter(String method, String template) {
      this.method = method;
      this.template = template;
    }

    @Override
    public void record(int status, long nanos) {
      int statusClass = Math.min(Math.max(status / 100, 1), 5) - 1;
      Timer timer = byStatusClass.get(statusClass);
      if (timer == null) {
        // Racing first uses get the same timer back from the registry.
        timer = Timer.builder("s2.http.requests")
            .description("HTTP requests by route template, method and status class")
            .tag("route", template).tag("method", method)
            .tag("status", STATUS_CLASSES[statusClass])
            .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        byStatusClass.set(statusClass, timer);
      }
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}

package dev.s2reactive.benchmarks.internal;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorAppendSink;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the {@code s2 bench} workload on one stream: an {@link OpenLoopWriter} through the batching
 * sink, {@code readers} live readers (open and following before the clock starts), then after the
 * catch-up delay one catch-up reader, and optionally idle readers; verifies every reader against the
 * acknowledged chain. Blocking: call it from a plain thread.
 */
public final class BenchRunner {

  private static final long SEED = 0x5_2BE7C4L;
  private static final String READY_MARKER = "s2r bench: readers live";

  private final ReactorS2Stream stream;
  private final ReactorS2Stream idleStream;
  private final BenchConfig config;

  /**
   * @param idleStream a stream nobody writes to, for idle readers (may be null if none)
   */
  public BenchRunner(ReactorS2Stream stream, ReactorS2Stream idleStream, BenchConfig config) {
    this.stream = stream;
    this.idleStream = idleStream;
    this.config = config;
  }

  public BenchReport run(String target, Map<String, Map<String, Object>> baselines)
      throws InterruptedException {
    Workload workload = new Workload(config.recordSize(), SEED);
    long tail = stream.checkTail().block(Duration.ofSeconds(30)).seqNum();
    List<String> violations = new ArrayList<>();
    List<BenchReader> readers = new ArrayList<>();
    List<LatencyRecorder> readerLatencies = new ArrayList<>();
    long base = config.readers() > 0
        ? startLiveReaders(workload, readers, readerLatencies, violations) : tail;
    AppendOptions options = AppendOptions.defaults().withLinger(config.linger());
    int window = (int) Math.min(1 << 22,
        options.maxInFlightBytes() / config.recordSize() + options.maxBatchRecords() + 1);

    long cpuAtStart = CpuTime.jvmNanos();
    long origin = System.nanoTime();
    readers.forEach(reader -> reader.clockStartsAt(origin));

    OpenLoopWriter writer = new OpenLoopWriter(
        workload, config.bytesPerSecond(), origin, config.duration().toNanos(), window);
    LatencyRecorder ackLatency = new LatencyRecorder();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong lastAckAt = new AtomicLong(origin);
    ReactorAppendSink sink = stream.newSink(options);
    Mono<Void> acks =
        sink.acks()
            .doOnNext(ack -> onAck(ack, base, writer, ackLatency, acknowledged, lastAckAt))
            .then()
            .cache();
    acks.subscribe(v -> {}, e -> {});
    writer.subscribe(sink);
    Optional<String> writeFailure = Optional.empty();
    try {
      acks.block(config.duration().plus(config.readTimeout()));
    } catch (RuntimeException e) {
      writeFailure = Optional.of("write failed: " + e);
      sink.cancel();
    }
    long acked = acknowledged.get();
    long writerHash = writer.emitted() == acked ? writer.lastHash() : 0;
    Throughput write = new Throughput(
        acked * config.recordSize(), acked, lastAckAt.get() - origin);

    writeFailure.ifPresent(violations::add);
    if (writer.emitted() != acked && writeFailure.isEmpty()) {
      violations.add("writer sent " + writer.emitted() + " records, " + acked + " acknowledged");
    }
    readers.forEach(r -> r.expect(acked));
    long readDeadline = System.nanoTime() + config.readTimeout().toNanos();
    long readBytes = 0;
    long readRecords = 0;
    long readNanos = 0;
    LatencyRecorder e2e = new LatencyRecorder();
    for (int i = 0; i < readers.size(); i++) {
      BenchReader reader = readers.get(i);
      reader.await(Duration.ofNanos(Math.max(0, readDeadline - System.nanoTime())));
      reader.dispose();
      reader.verdict(acked, writerHash).map(v -> "live reader: " + v).ifPresent(violations::add);
      Throughput t = reader.throughputSince(origin);
      readBytes += t.bytes();
      readRecords += t.records();
      readNanos = Math.max(readNanos, t.nanos());
      e2e.merge(readerLatencies.get(i));
    }

    long cpu = CpuTime.jvmNanos() - cpuAtStart;
    double cpuPerMib = acked == 0 || cpuAtStart < 0
        ? 0 : cpu / 1e9 / (acked * (double) config.recordSize() / (1024 * 1024));
    Thread.sleep(config.catchupDelay().toMillis());
    BenchReader catchup =
        new BenchReader(base, config.recordSize(), workload.bodySize(), null, origin);
    catchup.expect(acked);
    Throughput catchupThroughput = Throughput.NONE;
    if (acked > 0) {
      catchup.start(stream.read(ReadSpec.from(StartAt.seqNum(base)).withCount(acked)));
      catchup.await(config.readTimeout());
      catchup.dispose();
      catchup.verdict(acked, writerHash).map(v -> "catch-up reader: " + v)
          .ifPresent(violations::add);
      catchupThroughput = catchup.throughput();
    }

    IdleReaders.Result idle = null;
    if (config.idleReaders() > 0 && idleStream != null) {
      idle = IdleReaders.measure(idleStream, config.idleReaders(), Duration.ofSeconds(60));
    }
    return new BenchReport(
        target,
        config,
        write,
        new Throughput(readBytes, readRecords, readNanos),
        catchupThroughput,
        ackLatency.stats(),
        e2e.stats(),
        acked,
        String.format("%016x", writerHash),
        readers.size() + (acked > 0 ? 1 : 0),
        violations,
        idle,
        baselines,
        cpuPerMib);
  }

  /**
   * Opens the live readers and waits until every one is following: they start at a marker record
   * appended first, and a reader that has received it has its session open. Without this, the
   * first records' end-to-end latency would measure how long a thousand sessions take to open.
   * Returns the first seq_num of the workload (after the marker).
   */
  private long startLiveReaders(Workload workload, List<BenchReader> readers,
      List<LatencyRecorder> latencies, List<String> violations) throws InterruptedException {
    // Timestamp 0: the workload's timestamps count from the run's origin and must not be
    // raised to a marker stamped with the wall clock (timestamps never decrease in a stream).
    AppendRecord marker = AppendRecord.of(READY_MARKER).withTimestamp(0);
    long markerSeq = stream.append(AppendInput.of(marker)).block(Duration.ofSeconds(30))
        .start().seqNum();
    long base = markerSeq + 1;
    CountDownLatch live = new CountDownLatch(config.readers());
    for (int i = 0; i < config.readers(); i++) {
      LatencyRecorder latency = new LatencyRecorder();
      latencies.add(latency);
      Flux<SequencedRecord> records = stream.read(ReadSpec.from(StartAt.seqNum(markerSeq)))
          .filter(record -> {
            if (record.seqNum() != markerSeq) {
              return true;
            }
            live.countDown();
            return false;
          });
      readers.add(new BenchReader(base, config.recordSize(), workload.bodySize(), latency, 0)
          .start(records));
    }
    if (!live.await(config.readTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
      violations.add(live.getCount() + " of " + config.readers() + " live readers not open after "
          + config.readTimeout());
    }
    return base;
  }

  private static void onAck(AppendAck ack, long base, OpenLoopWriter writer,
      LatencyRecorder latency, AtomicLong acknowledged, AtomicLong lastAckAt) {
    long now = System.nanoTime();
    for (long seq = ack.start().seqNum(); seq < ack.end().seqNum(); seq++) {
      latency.record(now - writer.intendedNanos(seq - base));
    }
    long count = ack.end().seqNum() - base;
    acknowledged.set(count);
    lastAckAt.set(now);
    writer.acknowledged(count);
  }
}

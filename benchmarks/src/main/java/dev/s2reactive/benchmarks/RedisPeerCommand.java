package dev.s2reactive.benchmarks;

import dev.s2reactive.benchmarks.internal.BenchConfig;
import dev.s2reactive.benchmarks.internal.BenchReader;
import dev.s2reactive.benchmarks.internal.BenchReport;
import dev.s2reactive.benchmarks.internal.CpuTime;
import dev.s2reactive.benchmarks.internal.LatencyRecorder;
import dev.s2reactive.benchmarks.internal.OpenLoopWriter;
import dev.s2reactive.benchmarks.internal.Throughput;
import dev.s2reactive.benchmarks.internal.Workload;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.SequencedRecord;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;

/**
 * The bench workload against Redis Streams with {@code appendfsync always}, the durability peer of
 * target T1/T3: the same open-loop writer and records (timestamp, chain hash and body packed in
 * one field), pipelined {@code XADD}s through Lettuce's reactive API on one connection, live
 * readers each on their own connection with {@code XREAD BLOCK}, a catch-up reader with {@code
 * XREAD COUNT}, and the same verification and report. Starts {@code redis-server} from the PATH
 * (Debian: {@code apt-get install redis-server}) on a free port and a temporary directory; prints
 * a skip notice and exits 0 when it is not installed.
 */
@Command(name = "redis-peer", mixinStandardHelpOptions = true,
    description = "The bench workload against Redis Streams (appendfsync always).")
public final class RedisPeerCommand implements Callable<Integer> {

  private static final byte[] KEY = "bench".getBytes(StandardCharsets.UTF_8);
  private static final byte[] WARMUP_KEY = "bench-warmup".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FIELD = "r".getBytes(StandardCharsets.UTF_8);
  private static final int IN_FLIGHT_BYTES = 5 * 1024 * 1024;

  @Option(names = {"-b", "--record-size"}, defaultValue = "8192")
  int recordSize;

  @Option(names = {"-t", "--target-mibps"}, defaultValue = "1",
      converter = BenchCommand.RateConverter.class)
  double targetMibps;

  @Option(names = {"-d", "--duration"}, defaultValue = "60s",
      converter = BenchCommand.DurationConverter.class)
  Duration duration;

  @Option(names = {"-w", "--catchup-delay"}, defaultValue = "20s",
      converter = BenchCommand.DurationConverter.class)
  Duration catchupDelay;

  @Option(names = "--warmup", defaultValue = "0s", converter = BenchCommand.DurationConverter.class,
      description = "Run the same workload on a scratch stream first, unreported, as bench's "
          + "--warmup does (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--readers", defaultValue = "1")
  int readers;

  @Option(names = "--data-dir", description = "Parent of Redis's directory (default: tmpdir).")
  Path dataDir;

  @Option(names = "--json")
  boolean json;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RedisPeerCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String binary = findRedisServer();
    if (binary == null) {
      System.out.println(json ? "{\"skipped\":\"redis-server not found\"}"
          : "redis-server not found on PATH: skipping the Redis Streams peer");
      return 0;
    }
    BenchConfig config = new BenchConfig(recordSize, targetMibps, duration, catchupDelay,
        readers, 0, Duration.ZERO, Duration.ofSeconds(60));
    Path dir = Files.createTempDirectory(
        dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir")), "redis-peer");
    int port = freePort();
    Process redis = new ProcessBuilder(binary, "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes",
        "--appendfsync", "always", "--save", "", "--protected-mode", "no")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
    try {
      awaitPort(port, Duration.ofSeconds(20));
      if (!warmup.isZero()) {
        BenchConfig scratch = new BenchConfig(recordSize, targetMibps, warmup, Duration.ZERO,
            readers, 0, Duration.ZERO, Duration.ofSeconds(60));
        run(client, scratch, redis.pid(), WARMUP_KEY);
      }
      BenchReport report = run(client, config, redis.pid(), KEY);
      if (json) {
        System.out.println(report.toJson());
      } else {
        report.printText(System.out);
      }
      return report.verified() ? 0 : 1;
    } finally {
      client.shutdown();
      redis.destroy();
      redis.waitFor();
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private BenchReport run(RedisClient client, BenchConfig config, long redisPid, byte[] key)
      throws Exception {
    Workload workload = new Workload(config.recordSize(), 0x5_2BE7C4L);
    List<StatefulRedisConnection<byte[], byte[]>> connections = new ArrayList<>();
    StatefulRedisConnection<byte[], byte[]> writerConnection =
        client.connect(ByteArrayCodec.INSTANCE);
    connections.add(writerConnection);
    try {
      long cpuAtStart = CpuTime.jvmNanos() + CpuTime.processNanos(redisPid);
      long origin = System.nanoTime();
      List<BenchReader> liveReaders = new ArrayList<>();
      List<LatencyRecorder> latencies = new ArrayList<>();
      for (int i = 0; i < config.readers(); i++) {
        StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
        connections.add(c);
        LatencyRecorder latency = new LatencyRecorder();
        latencies.add(latency);
        liveReaders.add(new BenchReader(0, config.recordSize(), workload.bodySize(), latency,
            origin).start(read(c.reactive(), true, key)));
      }
      int window = IN_FLIGHT_BYTES / config.recordSize() + 1;
      OpenLoopWriter writer = new OpenLoopWriter(workload, config.bytesPerSecond(), origin,
          config.duration().toNanos(), window * 2);
      LatencyRecorder ackLatency = new LatencyRecorder();
      AtomicLong acked = new AtomicLong();
      AtomicLong lastAckAt = new AtomicLong(origin);
      RedisReactiveCommands<byte[], byte[]> commands = writerConnection.reactive();
      List<String> violations = new ArrayList<>();
      try {
        Flux.from(writer)
            .flatMapSequential(record -> commands.xadd(key, Map.of(FIELD, pack(record)))
                .thenReturn(record), window, 1)
            .doOnNext(record -> {
              long now = System.nanoTime();
              ackLatency.record(now - (origin + record.timestamp().getAsLong() * 1_000));
              writer.acknowledged(acked.incrementAndGet());
              lastAckAt.set(now);
            })
            .then()
            .block(config.duration().plus(config.readTimeout()));
      } catch (RuntimeException e) {
        violations.add("write failed: " + e);
      }
      long count = acked.get();
      long hash = writer.lastHash();
      long readBytes = 0;
      long readRecords = 0;
      long readNanos = 0;
      LatencyRecorder e2e = new LatencyRecorder();
      long deadline = System.nanoTime() + config.readTimeout().toNanos();
      for (int i = 0; i < liveReaders.size(); i++) {
        BenchReader reader = liveReaders.get(i);
        reader.expect(count);
        reader.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        reader.dispose();
        reader.verdict(count, hash).map(v -> "live reader: " + v).ifPresent(violations::add);
        Throughput t = reader.throughput();
        readBytes += t.bytes();
        readRecords += t.records();
        readNanos = Math.max(readNanos, t.nanos());
        e2e.merge(latencies.get(i));
      }
      double cpuPerMib = count == 0 ? 0
          : (CpuTime.jvmNanos() + CpuTime.processNanos(redisPid) - cpuAtStart) / 1e9
              / (count * (double) config.recordSize() / (1024 * 1024));
      Thread.sleep(config.catchupDelay().toMillis());
      StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
      connections.add(c);
      BenchReader catchup =
          new BenchReader(0, config.recordSize(), workload.bodySize(), null, origin);
      catchup.expect(count);
      catchup.start(read(c.reactive(), false, key));
      catchup.await(config.readTimeout());
      catchup.dispose();
      catchup.verdict(count, hash).map(v -> "catch-up reader: " + v).ifPresent(violations::add);
      return new BenchReport("redis streams (appendfsync always, lettuce reactive)", config,
          new Throughput(count * config.recordSize(), count, lastAckAt.get() - origin),
          new Throughput(readBytes, readRecords, readNanos), catchup.throughput(),
          ackLatency.stats(), e2e.stats(), count, String.format("%016x", hash),
          liveReaders.size() + 1, violations, null, Map.of(), cpuPerMib);
    } finally {
      connections.forEach(StatefulRedisConnection::close);
    }
  }

  /** Records in stream order, one XREAD (blocking for live readers) after another. */
  private static Flux<SequencedRecord> read(RedisReactiveCommands<byte[], byte[]> commands,
      boolean block, byte[] key) {
    AtomicReference<String> last = new AtomicReference<>("0-0");
    AtomicLong index = new AtomicLong();
    XReadArgs args = block ? XReadArgs.Builder.block(1000).count(1000)
        : XReadArgs.Builder.count(1000);
    return Flux.defer(() -> commands.xread(args, XReadArgs.StreamOffset.from(key, last.get())))
        .doOnNext(message -> last.set(message.getId()))
        .map(message -> unpack(index.getAndIncrement(), message))
        .repeat();
  }

  /** {@code [timestamp µs][chain hash][body]}, big-endian. */
  private static byte[] pack(AppendRecord record) {
    byte[] body = BytesInternals.array(record.body());
    byte[] hash = BytesInternals.array(record.headers().get(0).value());
    return ByteBuffer.allocate(16 + body.length)
        .putLong(record.timestamp().getAsLong()).put(hash).put(body).array();
  }

  private static SequencedRecord unpack(long seqNum, StreamMessage<byte[], byte[]> message) {
    byte[] payload = null;
    for (Map.Entry<byte[], byte[]> field : message.getBody().entrySet()) {
      if (Arrays.equals(field.getKey(), FIELD)) {
        payload = field.getValue();
      }
    }
    if (payload == null || payload.length < 16) {
      return new SequencedRecord(seqNum, 0, List.of(), dev.s2reactive.core.model.Bytes.EMPTY);
    }
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    long timestamp = buffer.getLong();
    return new SequencedRecord(seqNum, timestamp,
        List.of(new Header(Workload.HASH_HEADER,
            BytesInternals.wrap(Arrays.copyOfRange(payload, 8, 16)))),
        BytesInternals.wrap(Arrays.copyOfRange(payload, 16, payload.length)));
  }

  private static String findRedisServer() {
    String override = System.getenv("REDIS_SERVER");
    if (override != null && Files.isExecutable(Path.of(override))) {
      return override;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitPort(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(50); // redis-server is still starting
      }
    }
    throw new IllegalStateException("redis-server did not listen on " + port);
  }
}

package dev.s2reactive.benchmarks;

import dev.s2reactive.benchmarks.internal.Baselines;
import dev.s2reactive.benchmarks.internal.BenchConfig;
import dev.s2reactive.benchmarks.internal.BenchReport;
import dev.s2reactive.benchmarks.internal.BenchRunner;
import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.reactor.ReactorS2Basin;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.server.S2Server;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code s2r bench s2://basin[/stream]}: the workload and report of the official {@code s2 bench}
 * (open-loop writer at a target rate through the batching sink, a live reader and a delayed
 * catch-up reader, every record verified against a hash chain), plus fan-out readers, idle-reader
 * memory and same-run baselines.
 *
 * <p>Talks to the endpoints in {@code S2_ACCOUNT_ENDPOINT}/{@code S2_BASIN_ENDPOINT} (and {@code
 * S2_ACCESS_TOKEN}) when set; otherwise starts an embedded server on a temporary RocksDB
 * directory with auth off. With a basin URI it creates a temporary stream (infinite retention, see
 * {@link #BENCH_STREAM}) and deletes it after; with a stream URI it appends to that stream from its
 * current tail (give it infinite retention: age-based retention trims the bench's records). Exit
 * code 0 when every reader verified, 1 otherwise.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark append and read throughput and latency, verifying every record.")
public final class BenchCommand implements Callable<Integer> {

  /**
   * Config of the streams the bench creates. Records carry microseconds since the run's origin as
   * their timestamp (as with the official tool), which retention by age reads as 1970: without
   * infinite retention the server's sweeper trims them during the run and the catch-up reader
   * finds the stream starting later than seq_num 0.
   */
  public static final StreamConfig BENCH_STREAM =
      StreamConfig.builder().retentionPolicy(RetentionPolicy.infinite()).build();

  @Parameters(index = "0", paramLabel = "S2_URI", description = "s2://BASIN or s2://BASIN/STREAM")
  String uri;

  @Option(names = {"-b", "--record-size"}, defaultValue = "8192",
      description = "Metered bytes per record, 128..1048576 (default: ${DEFAULT-VALUE}).")
  int recordSize;

  @Option(names = {"-t", "--target-mibps"}, defaultValue = "1", converter = RateConverter.class,
      description = "Target write rate in MiB/s, or 'max' (default: ${DEFAULT-VALUE}).")
  double targetMibps;

  @Option(names = {"-d", "--duration"}, defaultValue = "60s", converter = DurationConverter.class,
      description = "How long to write, e.g. 500ms, 10s, 5m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = {"-w", "--catchup-delay"}, defaultValue = "20s",
      converter = DurationConverter.class,
      description = "Pause before the catch-up read (default: ${DEFAULT-VALUE}).")
  Duration catchupDelay;

  @Option(names = "--readers", defaultValue = "1",
      description = "Live readers from the first record, each its own session (default: 1).")
  int readers;

  @Option(names = "--idle-readers", defaultValue = "0",
      description = "Idle tailing readers to open after the run; reports memory per reader.")
  int idleReaders;

  @Option(names = "--linger", defaultValue = "5ms", converter = DurationConverter.class,
      description = "Append sink linger (default: ${DEFAULT-VALUE}).")
  Duration linger;

  @Option(names = "--read-timeout", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long readers may lag after the last ack (default: ${DEFAULT-VALUE}).")
  Duration readTimeout;

  @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
      description = "Run the same workload on a scratch stream first, unreported (JIT, "
          + "connections; default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--baselines",
      description = "Also measure write+fsync of the same records and loopback TCP.")
  boolean baselines;

  @Option(names = "--data-dir",
      description = "Parent directory of the embedded server's data (default: java.io.tmpdir).")
  Path dataDir;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Target target = Target.parse(uri);
    BenchConfig config = new BenchConfig(recordSize, targetMibps, duration, catchupDelay, readers,
        idleReaders, linger, readTimeout);
    S2ClientOptions envOptions = S2ClientOptions.fromEnv();
    boolean embedded = System.getenv(S2ClientOptions.ENV_ACCOUNT_ENDPOINT) == null
        || System.getenv(S2ClientOptions.ENV_ACCOUNT_ENDPOINT).isBlank();
    Path parent = dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir"));
    Path serverDir = embedded ? Files.createTempDirectory(parent, "s2r-bench") : null;
    S2Server server = embedded
        ? S2Server.builder().dataDirectory(serverDir).auth(false)
            .drainTimeout(Duration.ofSeconds(1)).start()
        : null;
    try {
      S2ClientOptions options = embedded
          ? S2ClientOptions.builder()
              .endpoints(server.endpoint().toString(), server.endpoint().toString())
              .build()
          : envOptions;
      BenchReport report = run(target, config, options, embedded, serverDir != null
          ? serverDir : parent);
      PrintStream out = System.out;
      if (json) {
        out.println(report.toJson());
      } else {
        report.printText(out);
      }
      return report.verified() ? 0 : 1;
    } finally {
      if (server != null) {
        server.close();
      }
      if (serverDir != null) {
        deleteRecursively(serverDir);
      }
    }
  }

  private BenchReport run(Target target, BenchConfig config, S2ClientOptions options,
      boolean embedded, Path diskDir) throws Exception {
    try (S2Client s2 = S2Client.create(options)) {
      ReactorS2Client client = ReactorS2Client.from(s2);
      if (embedded) {
        client.ensureBasin(target.basin(), EnsureBasinRequest.EMPTY).block(Duration.ofSeconds(30));
      }
      ReactorS2Basin basin = client.basin(target.basin());
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
      boolean temporary = target.stream() == null;
      String streamName = temporary ? "bench-" + suffix : target.stream();
      if (temporary) {
        basin.createStream(CreateStreamRequest.of(streamName, BENCH_STREAM))
            .block(Duration.ofSeconds(30));
      } else {
        basin.ensureStream(streamName, StreamConfig.EMPTY).block(Duration.ofSeconds(30));
      }
      String idleName = config.idleReaders() > 0 ? "bench-idle-" + suffix : null;
      if (idleName != null) {
        basin.createStream(CreateStreamRequest.of(idleName)).block(Duration.ofSeconds(30));
      }
      try {
        if (!warmup.isZero()) {
          warmUp(basin, "bench-warmup-" + suffix, config);
        }
        Map<String, Map<String, Object>> measured = new LinkedHashMap<>();
        if (baselines) {
          measured.putAll(baselines(config, diskDir));
        }
        return new BenchRunner(basin.stream(streamName),
            idleName == null ? null : basin.stream(idleName), config)
            .run("s2://" + target.basin() + "/" + streamName
                + (embedded ? " (embedded server)" : " at " + options.basinEndpoint()), measured);
      } finally {
        if (temporary) {
          basin.deleteStream(streamName).onErrorComplete().block(Duration.ofSeconds(30));
        }
        if (idleName != null) {
          basin.deleteStream(idleName).onErrorComplete().block(Duration.ofSeconds(30));
        }
      }
    }
  }

  private void warmUp(ReactorS2Basin basin, String name, BenchConfig config) throws Exception {
    basin.createStream(CreateStreamRequest.of(name, BENCH_STREAM)).block(Duration.ofSeconds(30));
    try {
      BenchConfig scratch = new BenchConfig(config.recordSize(), config.targetMibps(), warmup,
          Duration.ZERO, config.readers(), 0, config.linger(), config.readTimeout());
      new BenchRunner(basin.stream(name), null, scratch).run("warmup", Map.of());
    } finally {
      basin.deleteStream(name).onErrorComplete().block(Duration.ofSeconds(30));
    }
  }

  /**
   * fsync baselines at the sink's full batch, at one record back to back and (with a target rate)
   * at one record per interval of the workload, and loopback TCP.
   */
  static Map<String, Map<String, Object>> baselines(BenchConfig config, Path dir)
      throws IOException {
    AppendOptions defaults = AppendOptions.defaults();
    int batch = (int) Math.max(1, Math.min(defaults.maxBatchRecords(),
        defaults.maxBatchBytes() / config.recordSize()));
    Duration each = config.duration().compareTo(Duration.ofSeconds(5)) < 0
        ? config.duration() : Duration.ofSeconds(5);
    Map<String, Map<String, Object>> result = new LinkedHashMap<>();
    result.put("fsync_batch", Baselines.fsync(dir, config.recordSize(), batch, each));
    result.put("fsync_single", Baselines.fsync(dir, config.recordSize(), 1, each));
    if (config.bytesPerSecond() > 0) {
      // An fsync after the disk sat idle costs more than one right after another: the floor for
      // acks at this workload's pace is one record per fsync at the same interval.
      long intervalNanos = (long) (config.recordSize() * 1e9 / config.bytesPerSecond());
      result.put("fsync_paced",
          Baselines.fsyncPaced(dir, config.recordSize(), Duration.ofNanos(intervalNanos), each));
    }
    result.put("loopback", Baselines.loopback(each));
    return result;
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** {@code s2://basin} or {@code s2://basin/stream} (the stream may contain slashes). */
  record Target(String basin, String stream) {
    static Target parse(String uri) {
      if (!uri.startsWith("s2://") || uri.length() == 5) {
        throw new IllegalArgumentException("expected s2://BASIN[/STREAM], got " + uri);
      }
      String rest = uri.substring(5);
      int slash = rest.indexOf('/');
      if (slash < 0 || slash == rest.length() - 1) {
        return new Target(slash < 0 ? rest : rest.substring(0, slash), null);
      }
      if (slash == 0) {
        throw new IllegalArgumentException("expected s2://BASIN[/STREAM], got " + uri);
      }
      return new Target(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }

  /** MiB/s, or {@code max} (0). */
  static final class RateConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      if (value.equalsIgnoreCase("max")) {
        return 0.0;
      }
      try {
        double rate = Double.parseDouble(value);
        if (rate < 0) {
          throw new TypeConversionException("rate must be >= 0: " + value);
        }
        return rate;
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected MiB/s or 'max', got " + value);
      }
    }
  }

  /** {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } else if (v.endsWith("s")) {
          return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1))
              * 1000));
        } else if (v.endsWith("m")) {
          return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
        } else if (v.endsWith("h")) {
          return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected a duration like 10s, got " + value);
      }
    }
  }
}

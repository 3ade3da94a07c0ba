package dev.s2reactive.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.s2reactive.benchmarks.internal.ChildServer;
import dev.s2reactive.benchmarks.internal.ClassHistogram;
import dev.s2reactive.benchmarks.internal.TailingReaders;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorS2Basin;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import org.reactivestreams.Subscription;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Target T5: server heap per idle tailing reader. Starts the embedded server (RocksDB, auth off)
 * in a child JVM with a bounded heap ({@code --heap}, default 512 MiB, the target's), opens
 * {@code --readers} read sessions that follow one stream from its tail (s2s, this project's
 * client, in this JVM) in waves, waits until the server counts them all as followers, and reports
 * the growth of the child's heap after GC and of its RSS, per reader, against the same server with
 * no reader (measured after a warm-up that opened and closed a few sessions, so that connections,
 * classes and caches are in the baseline). With {@code --top}, also the live-object class
 * histograms of the child with 0 and N readers, diffed per class and per reader. Finally appends
 * one record and checks that every reader received exactly that record (T8).
 *
 * <p>Exit code 0 when every reader opened and received the probe, 1 otherwise. One JSON line with
 * {@code --json}.
 */
@Command(name = "idle-readers", mixinStandardHelpOptions = true,
    description = "Server heap per idle tailing reader, with the server in a child JVM.")
public final class IdleReadersCommand implements Callable<Integer> {

  private static final String BASIN = "idle-basin";
  private static final String STREAM = "idle";
  private static final String STALLED_STREAM = "stalled";
  private static final String FOLLOWERS_GAUGE = "s2_read_followers_active";
  private static final String STORAGE_RECORDS =
      "s2_read_records_total{mode=\"streaming\",source=\"storage\"";

  @Option(names = "--readers", defaultValue = "1000",
      description = "Idle tailing readers to open (default: ${DEFAULT-VALUE}).")
  int readers;

  @Option(names = "--wave", defaultValue = "500",
      description = "Readers opened at once; the next wave waits until the server has them all "
          + "(default: ${DEFAULT-VALUE}).")
  int wave;

  @Option(names = "--heap", defaultValue = "512m",
      description = "Max heap of the server's JVM, -Xmx (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--jvm-option", description = "Extra option of the server's JVM (repeatable).")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--warmup-readers", defaultValue = "100",
      description = "Readers opened, fed one record and closed before the baseline "
          + "(default: ${DEFAULT-VALUE}).")
  int warmupReaders;

  @Option(names = "--top", defaultValue = "15",
      description = "Classes to report from the per-reader histogram diff; 0 skips the "
          + "histograms (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--stalled-readers", defaultValue = "0",
      description = "Afterwards, catch-up readers from seq_num 0 of a --stalled-mib stream that "
          + "take one record and then never read: reports the server heap each one holds "
          + "(default: ${DEFAULT-VALUE}).")
  int stalledReaders;

  @Option(names = "--stalled-mib", defaultValue = "64",
      description = "Size of the stalled readers' stream in MiB (default: ${DEFAULT-VALUE}).")
  int stalledMib;

  @Option(names = "--timeout", defaultValue = "120s",
      converter = BenchCommand.DurationConverter.class,
      description = "How long each wave and the probe may take (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--data-dir",
      description = "Parent directory of the server's data (default: java.io.tmpdir).")
  Path dataDir;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IdleReadersCommand()).execute(args));
  }

  /** What one run measured; byte counts of the server's JVM. */
  public record Result(
      int readers,
      String heapLimit,
      int opened,
      double openSeconds,
      long heapBytesBefore,
      long heapBytesAfter,
      long rssBytesBefore,
      long rssBytesAfter,
      int probeReceived,
      int failed,
      String firstError,
      List<ClassHistogram.Growth> topClasses,
      Stalled stalled) {

    /** Every reader opened on the server, none failed, each received the probe exactly once. */
    public boolean verified() {
      return opened == readers && probeReceived == readers && failed == 0;
    }

    public double heapBytesPerReader() {
      return (heapBytesAfter - heapBytesBefore) / (double) readers;
    }

    public double rssBytesPerReader() {
      return rssBytesBefore < 0 ? -1 : (rssBytesAfter - rssBytesBefore) / (double) readers;
    }

    public String toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("scenario", "idle-readers");
      json.put("readers", readers);
      json.put("heap_limit", heapLimit);
      json.put("opened", opened);
      json.put("open_s", Math.round(openSeconds * 1000) / 1000.0);
      json.put("heap_bytes_before", heapBytesBefore);
      json.put("heap_bytes_after", heapBytesAfter);
      json.put("heap_bytes_per_reader", Math.round(heapBytesPerReader()));
      json.put("rss_bytes_before", rssBytesBefore);
      json.put("rss_bytes_after", rssBytesAfter);
      json.put("rss_bytes_per_reader", Math.round(rssBytesPerReader()));
      json.put("probe_received", probeReceived);
      json.put("failed", failed);
      json.put("first_error", firstError);
      json.put("verified", verified());
      List<Map<String, Object>> classes = new ArrayList<>();
      for (ClassHistogram.Growth g : topClasses) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("class", g.className());
        c.put("bytes_per_reader", Math.round(g.bytesEach() * 10) / 10.0);
        c.put("instances_per_reader", Math.round(g.instancesEach() * 100) / 100.0);
        classes.add(c);
      }
      json.put("top_classes", classes);
      if (stalled != null) {
        json.put("stalled_readers", stalled.readers());
        json.put("stalled_mib", stalled.streamMib());
        json.put("stalled_heap_bytes_per_reader", Math.round(stalled.heapBytesPerReader()));
      }
      try {
        return new ObjectMapper().writeValueAsString(json);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    public void printText(PrintStream out) {
      out.printf("Idle tailing readers: %d of %d open on the server (%.1f s to open), server "
          + "heap -Xmx%s%n", opened, readers, openSeconds, heapLimit);
      out.printf("Server heap after GC: %.1f MiB -> %.1f MiB: %.2f KiB per reader%n",
          heapBytesBefore / 1048576.0, heapBytesAfter / 1048576.0, heapBytesPerReader() / 1024);
      out.printf("Server RSS: %.1f MiB -> %.1f MiB: %.2f KiB per reader%n",
          rssBytesBefore / 1048576.0, rssBytesAfter / 1048576.0, rssBytesPerReader() / 1024);
      out.printf("Probe record received exactly once by %d of %d readers; %d failed%s%n",
          probeReceived, readers, failed, firstError == null ? "" : " (" + firstError + ")");
      if (!topClasses.isEmpty()) {
        out.println("Live heap growth per reader by class (bytes, instances):");
        for (ClassHistogram.Growth g : topClasses) {
          out.printf("  %8.1f  %6.2f  %s%n", g.bytesEach(), g.instancesEach(), g.className());
        }
      }
      if (stalled != null) {
        out.printf("Stalled catch-up readers: %d on a %d MiB stream hold %.2f MiB of server heap "
            + "each%n", stalled.readers(), stalled.streamMib(),
            stalled.heapBytesPerReader() / 1048576);
      }
      out.println(verified() ? "verified" : "NOT verified");
    }
  }

  /** Server heap held by catch-up readers that stopped reading, after GC. */
  public record Stalled(int readers, int streamMib, long heapBytesBefore, long heapBytesAfter) {
    public double heapBytesPerReader() {
      return (heapBytesAfter - heapBytesBefore) / (double) readers;
    }
  }

  @Override
  public Integer call() throws Exception {
    Result result = measure();
    if (json) {
      System.out.println(result.toJson());
    } else {
      result.printText(System.out);
    }
    return result.verified() ? 0 : 1;
  }

  /** Runs the whole measurement with this command's options. */
  public Result measure() throws Exception {
    if (readers < 1 || wave < 1) {
      throw new IllegalArgumentException("--readers and --wave must be >= 1");
    }
    Path parent = dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir"));
    Path dir = Files.createTempDirectory(parent, "s2r-idle");
    List<String> options = new ArrayList<>();
    options.add("-Xmx" + heap);
    options.addAll(jvmOptions);
    try (ChildServer child = ChildServer.start(dir, options);
        S2Client s2 = S2Client.create(S2ClientOptions.builder()
            .endpoints(child.endpoint().toString(), child.endpoint().toString())
            .build())) {
      ReactorS2Client client = ReactorS2Client.from(s2);
      client.ensureBasin(BASIN, EnsureBasinRequest.EMPTY).block(Duration.ofSeconds(30));
      ReactorS2Basin basin = client.basin(BASIN);
      basin.createStream(CreateStreamRequest.of(STREAM)).block(Duration.ofSeconds(30));
      ReactorS2Stream stream = basin.stream(STREAM);
      IntSupplier followers = new MetricsGauge(child.endpoint(), FOLLOWERS_GAUGE);

      if (warmupReaders > 0) {
        try (TailingReaders warm = new TailingReaders(stream, warmupReaders)) {
          openInWaves(warm, warmupReaders, followers);
          probe(stream, warm);
        }
        awaitFollowers(followers, 0);
      }

      long heapBefore = child.heapAfterGc();
      long rssBefore = child.rssBytes();
      ClassHistogram histogramBefore = top > 0 ? ClassHistogram.parse(child.histogram()) : null;
      try (TailingReaders idle = new TailingReaders(stream, readers)) {
        long start = System.nanoTime();
        openInWaves(idle, readers, followers);
        double openSeconds = (System.nanoTime() - start) / 1e9;
        int opened = followers.getAsInt();
        long heapAfter = child.heapAfterGc();
        long rssAfter = child.rssBytes();
        List<ClassHistogram.Growth> classes = top > 0
            ? ClassHistogram.parse(child.histogram()).growthSince(histogramBefore, readers, top)
            : List.of();
        int received = opened == readers ? probe(stream, idle) : 0;
        Throwable error = idle.firstError();
        idle.close();
        Stalled stalled = stalledReaders > 0 ? measureStalled(basin, child) : null;
        return new Result(readers, heap, opened, openSeconds, heapBefore, heapAfter, rssBefore,
            rssAfter, received, idle.failed() + idle.completed(),
            error == null ? null : error.toString(), classes, stalled);
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  /**
   * Fills a stream with {@code --stalled-mib} MiB, opens readers from its start that request one
   * record and never more (their client stops reading the connection), waits until the server has
   * stopped reading storage for them, and measures the heap they hold.
   */
  private Stalled measureStalled(ReactorS2Basin basin, ChildServer child) throws Exception {
    basin.createStream(CreateStreamRequest.of(STALLED_STREAM)).block(Duration.ofSeconds(30));
    ReactorS2Stream stream = basin.stream(STALLED_STREAM);
    List<AppendRecord> mib = new ArrayList<>();
    for (int i = 0; i < 512; i++) {
      mib.add(AppendRecord.of(new byte[2048 - 8])); // metered: 8 bytes of overhead each
    }
    for (int i = 0; i < stalledMib; i++) {
      stream.append(AppendInput.of(mib)).block(Duration.ofSeconds(30));
    }
    long before = child.heapAfterGc();
    MetricsGauge fromStorage = new MetricsGauge(child.endpoint(), STORAGE_RECORDS);
    List<Disposable> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < stalledReaders; i++) {
        stalled.add(Flux.from(stream.readSession(ReadSpec.from(StartAt.seqNum(0))))
            .subscribeWith(new BaseSubscriber<SequencedRecord>() {
              @Override
              protected void hookOnSubscribe(Subscription subscription) {
                request(1);
              }
            }));
      }
      // The server reads ahead for them until its send path is full: wait until it stops.
      long deadline = System.nanoTime() + timeout.toNanos();
      long last = -1;
      long stableSince = System.nanoTime();
      while (System.nanoTime() < deadline
          && System.nanoTime() - stableSince < Duration.ofSeconds(2).toNanos()) {
        Thread.sleep(100); // polling the server's counter with a deadline
        long now = fromStorage.getAsInt();
        if (now != last) {
          last = now;
          stableSince = System.nanoTime();
        }
      }
      return new Stalled(stalledReaders, stalledMib, before, child.heapAfterGc());
    } finally {
      stalled.forEach(Disposable::dispose);
    }
  }

  /** Opens {@code n} readers, {@code wave} at a time, each wave awaited on the server's gauge. */
  private void openInWaves(TailingReaders set, int n, IntSupplier followers)
      throws InterruptedException {
    int base = followers.getAsInt();
    while (set.size() < n) {
      set.open(Math.min(wave, n - set.size()));
      if (!awaitFollowers(followers, base + set.size()) || set.failed() > 0) {
        return; // reported as fewer opened than asked
      }
    }
  }

  /** Appends one record; returns how many readers received exactly one record by the deadline. */
  private int probe(ReactorS2Stream stream, TailingReaders set) throws InterruptedException {
    stream.append(AppendInput.of(AppendRecord.of("probe"))).block(Duration.ofSeconds(30));
    long deadline = System.nanoTime() + timeout.toNanos();
    int received = set.receivedExactly(1);
    while (received < set.size() && System.nanoTime() < deadline && set.failed() == 0) {
      Thread.sleep(20); // polling the readers' counters with a deadline
      received = set.receivedExactly(1);
    }
    return received;
  }

  private boolean awaitFollowers(IntSupplier followers, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (followers.getAsInt() != expected) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20); // polling the server's gauge with a deadline
    }
    return true;
  }

  /** A gauge or counter of the server's Prometheus {@code /metrics}, by name (and tags). */
  private static final class MetricsGauge implements IntSupplier {
    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpRequest request;
    private final String name;

    MetricsGauge(URI endpoint, String name) {
      this.request = HttpRequest.newBuilder(endpoint.resolve("/metrics")).build();
      this.name = name;
    }

    @Override
    public int getAsInt() {
      try {
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
          boolean match = name.contains("{") // a name with (the first of its) tags
              ? line.startsWith(name)
              : line.startsWith(name + " ") || line.startsWith(name + "{");
          if (match) {
            return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
        throw new IllegalStateException("no " + name + " in /metrics");
      } catch (IOException e) {
        throw new IllegalStateException("cannot read /metrics", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

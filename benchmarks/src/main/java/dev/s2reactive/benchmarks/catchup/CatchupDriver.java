package dev.s2reactive.benchmarks.catchup;

import dev.s2reactive.benchmarks.BenchCommand;
import dev.s2reactive.benchmarks.internal.BenchReader;
import dev.s2reactive.benchmarks.internal.CpuTime;
import dev.s2reactive.benchmarks.internal.Throughput;
import dev.s2reactive.benchmarks.internal.Workload;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.reactor.ReactorS2Basin;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.server.S2Server;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Catch-up read throughput in isolation (target T4): appends the bench workload once to an
 * embedded server, then reads it back from seq_num 0 several times, verifying every record like
 * the bench's catch-up reader, and prints the MiB/s of each read and the median of all but the
 * first third (JIT warm-up), with the CPU seconds this JVM (client and server) spent per GiB read:
 * on a shared machine the CPU cost is the steadier number. No writer runs
 * during the reads, so a profile of this driver is a profile of the catch-up path alone.
 *
 * <p>{@code java ... CatchupDriver [MiB=200] [reads=7] [recordSize=1024]}; with {@code
 * -Dcatchup.jfr=FILE} a JFR recording ({@code profile} settings) covers the reads only.
 */
public final class CatchupDriver {

  private CatchupDriver() {}

  /**
   * Minor page faults of this process so far (Linux), or 0: touching memory the kernel has taken
   * back (fresh heap regions, reclaimed cold pages) costs a fault each 4 KiB, which on a VM can
   * cost more than the copy that touched it.
   */
  private static long minorFaults() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // fields after the command: state(0) ppid pgrp session tty tpgid flags minflt(7)
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Heap bytes allocated so far by the live threads of this JVM (client and server). */
  private static long allocatedBytes() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, allocated);
    }
    return total;
  }

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int reads = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int recordSize = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    Path dir = Files.createTempDirectory("s2r-catchup");
    try (S2Server server = S2Server.builder().dataDirectory(dir).auth(false)
            .drainTimeout(Duration.ofSeconds(1)).start();
        S2Client s2 = S2Client.create(S2ClientOptions.builder()
            .endpoints(server.endpoint().toString(), server.endpoint().toString()).build())) {
      ReactorS2Client client = ReactorS2Client.from(s2);
      client.ensureBasin("catchup-basin", EnsureBasinRequest.EMPTY).block(Duration.ofSeconds(30));
      ReactorS2Basin basin = client.basin("catchup-basin");
      basin.createStream(CreateStreamRequest.of("catchup", BenchCommand.BENCH_STREAM))
          .block(Duration.ofSeconds(30));
      ReactorS2Stream stream = basin.stream("catchup");

      Workload workload = new Workload(recordSize, 42);
      long count = (long) mib * 1024 * 1024 / recordSize;
      int perAppend = Math.max(1, Math.min(1000, (512 * 1024) / recordSize));
      long started = System.nanoTime();
      for (long written = 0; written < count; ) {
        int n = (int) Math.min(perAppend, count - written);
        List<AppendRecord> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          batch.add(workload.next(written + i));
        }
        stream.append(AppendInput.of(batch)).block(Duration.ofSeconds(30));
        written += n;
      }
      System.out.printf(Locale.ROOT, "appended %d records (%d MiB) in %.1f s%n", count, mib,
          (System.nanoTime() - started) / 1e9);

      String jfrFile = System.getProperty("catchup.jfr");
      Recording recording = null;
      if (jfrFile != null) {
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
      }
      double[] rates = new double[reads];
      double[] cpuPerGib = new double[reads];
      for (int r = 0; r < reads; r++) {
        long cpuBefore = CpuTime.jvmNanos();
        long allocatedBefore = allocatedBytes();
        long faultsBefore = minorFaults();
        BenchReader reader = new BenchReader(0, recordSize, workload.bodySize(), null, 0);
        reader.expect(count);
        reader.start(stream.read(ReadSpec.from(StartAt.seqNum(0)).withCount(count)));
        if (!reader.await(Duration.ofSeconds(120))) {
          throw new IllegalStateException("read " + r + " timed out");
        }
        reader.dispose();
        reader.verdict(count, workload.lastHash()).ifPresent(v -> {
          throw new IllegalStateException("read failed verification: " + v);
        });
        Throughput t = reader.throughput();
        rates[r] = t.bytes() / (1024.0 * 1024.0) / (t.nanos() / 1e9);
        cpuPerGib[r] = (CpuTime.jvmNanos() - cpuBefore) / 1e9 / (t.bytes() / (double) (1 << 30));
        double allocated = (allocatedBytes() - allocatedBefore) / (double) t.bytes();
        double faults = (minorFaults() - faultsBefore) / (t.bytes() / (double) (1 << 30));
        System.out.printf(Locale.ROOT,
            "read %d: %.1f MiB/s, %.2f CPU s/GiB, %.2f bytes allocated per byte read,"
                + " %.0f page faults per GiB%n",
            r, rates[r], cpuPerGib[r], allocated, faults);
      }
      if (recording != null) {
        recording.stop();
        recording.dump(Path.of(jfrFile));
        recording.close();
      }
      // the first reads warm up the JIT: leave them out of the summary when there are enough
      int warm = reads >= 6 ? reads / 3 : 0;
      double[] sorted = Arrays.copyOfRange(rates, warm, reads);
      Arrays.sort(sorted);
      double[] cpu = Arrays.copyOfRange(cpuPerGib, warm, reads);
      Arrays.sort(cpu);
      System.out.printf(Locale.ROOT,
          "median %.1f MiB/s (min %.1f, max %.1f), %.2f CPU s/GiB (min %.2f, max %.2f),"
              + " of the last %d reads%n",
          sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1],
          cpu[cpu.length / 2], cpu[0], cpu[cpu.length - 1], sorted.length);
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

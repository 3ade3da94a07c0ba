package dev.s2reactive.benchmarks.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The result of a bench run, printed like the official {@code s2 bench} or as JSON. Immutable.
 *
 * @param write acknowledged records from the writer's start to its last acknowledgement
 * @param read all live readers together (fan-out throughput)
 * @param catchup the catch-up reader, started {@code catchupDelay} after writing ended
 * @param violations one line per reader that missed, duplicated or reordered records (empty: ok)
 * @param idle memory of idle tailing readers, null when none were opened
 * @param baselines same-run baselines by name (fsync, loopback), may be empty
 * @param cpuSecondsPerMib CPU time of the processes under test (this JVM, with an embedded
 *     server the server too) from the start to the last live read, per MiB written; 0 if unknown
 */
public record BenchReport(
    String target,
    BenchConfig config,
    Throughput write,
    Throughput read,
    Throughput catchup,
    LatencyStats ackLatency,
    LatencyStats endToEndLatency,
    long acknowledgedRecords,
    String chainHash,
    int verifiedReaders,
    List<String> violations,
    IdleReaders.Result idle,
    Map<String, Map<String, Object>> baselines,
    double cpuSecondsPerMib) {

  public boolean verified() {
    return violations.isEmpty();
  }

  public void printText(PrintStream out) {
    out.printf("Target:  %s, %d B records, %s, %s%n", target, config.recordSize(),
        config.targetMibps() == 0 ? "max rate" : config.targetMibps() + " MiB/s",
        config.duration());
    out.println("Write:   " + write.describe());
    out.println("Read:    " + read.describe()
        + (config.readers() == 1 ? "" : " over " + config.readers() + " live readers"));
    out.println("Catchup: " + catchup.describe());
    out.println();
    printLatency(out, "Ack Latency Statistics", ackLatency);
    out.println();
    printLatency(out, "End-to-End Latency Statistics", endToEndLatency);
    out.println();
    if (violations.isEmpty()) {
      out.printf(
          "Verified: %d readers saw all %d acknowledged records once, in order, chain hash %s%n",
          verifiedReaders, acknowledgedRecords, chainHash);
    } else {
      out.println("VERIFICATION FAILED:");
      violations.forEach(v -> out.println("  " + v));
    }
    if (idle != null) {
      out.printf(
          "Idle readers: %d (%d caught up): %.1f KiB heap and %.1f KiB RSS each after GC%n",
          idle.readers(), idle.caughtUp(), idle.heapBytesPerReader() / 1024.0,
          idle.rssBytesPerReader() / 1024.0);
    }
    if (cpuSecondsPerMib > 0) {
      out.printf("CPU: %.3f s per MiB written (writer, live readers and embedded server)%n",
          cpuSecondsPerMib);
    }
    baselines.forEach((name, values) -> out.println("Baseline " + name + ": " + values));
  }

  private static void printLatency(PrintStream out, String title, LatencyStats stats) {
    out.printf("%s (n=%d)%n", title, stats.count());
    if (stats.count() == 0) {
      return;
    }
    out.printf("min    : %9s%n", LatencyStats.format(stats.minNanos()));
    out.printf("p50    : %9s%n", LatencyStats.format(stats.p50Nanos()));
    out.printf("p90    : %9s%n", LatencyStats.format(stats.p90Nanos()));
    out.printf("p99    : %9s%n", LatencyStats.format(stats.p99Nanos()));
    out.printf("max    : %9s%n", LatencyStats.format(stats.maxNanos()));
  }

  /** The report as one JSON object (durations in ISO-8601, latencies in nanoseconds). */
  public String toJson() {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("target", target);
    json.put("record_size", config.recordSize());
    json.put("target_mibps", config.targetMibps());
    json.put("duration_s", config.duration().toMillis() / 1000.0);
    json.put("readers", config.readers());
    json.put("linger_ms", config.linger().toMillis());
    json.put("write", throughput(write));
    json.put("read", throughput(read));
    json.put("catchup", throughput(catchup));
    json.put("ack_latency_ns", ackLatency);
    json.put("e2e_latency_ns", endToEndLatency);
    json.put("acknowledged_records", acknowledgedRecords);
    json.put("chain_hash", chainHash);
    json.put("verified", verified());
    json.put("verified_readers", verifiedReaders);
    json.put("violations", violations);
    if (idle != null) {
      json.put("idle", idle);
    }
    json.put("cpu_s_per_mib", round(cpuSecondsPerMib));
    json.put("baselines", baselines);
    try {
      return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .writeValueAsString(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> throughput(Throughput t) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("mibps", round(t.mibPerSec()));
    m.put("records_per_s", round(t.recordsPerSec()));
    m.put("bytes", t.bytes());
    m.put("records", t.records());
    m.put("seconds", round(t.seconds()));
    return m;
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}

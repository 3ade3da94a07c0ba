package dev.s2reactive.benchmarks.internal;

/** Latency summary in nanoseconds; {@code count == 0} means no samples. Immutable. */
public record LatencyStats(long count, long minNanos, long p50Nanos, long p90Nanos, long p99Nanos,
    long maxNanos) {

  public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0);

  /** {@code 812us}, {@code 4.21ms}, {@code 1.20s}: the units of the official report. */
  public static String format(long nanos) {
    if (nanos < 1_000) {
      return nanos + "ns";
    } else if (nanos < 1_000_000) {
      return String.format("%.1fus", nanos / 1e3);
    } else if (nanos < 1_000_000_000) {
      return String.format("%.2fms", nanos / 1e6);
    }
    return String.format("%.2fs", nanos / 1e9);
  }
}

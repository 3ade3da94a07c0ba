package dev.s2reactive.samples;

/**
 * Percentiles of append→read latency, in microseconds. Immutable. Measured in one process with
 * {@link System#nanoTime()}; it includes the sink's linger (5 ms by default) and batching.
 *
 * @param count records measured
 * @param p50Micros median
 * @param p90Micros 90th percentile
 * @param p99Micros 99th percentile
 * @param maxMicros maximum
 */
public record LatencySummary(
    long count, long p50Micros, long p90Micros, long p99Micros, long maxMicros) {

  /** For example {@code p50 3.10 ms, p90 5.20 ms, p99 8.00 ms, max 9.10 ms (5000 records)}. */
  public String line() {
    return String.format(
        "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d records)",
        p50Micros / 1000.0, p90Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0, count);
  }
}

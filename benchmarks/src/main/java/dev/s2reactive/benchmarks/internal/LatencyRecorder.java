package dev.s2reactive.benchmarks.internal;

import org.HdrHistogram.Histogram;

/**
 * Latency samples in nanoseconds (1 µs to 1 h, 3 significant digits) in an HdrHistogram. Callers
 * time each sample from the intended send time, so that a stall delays every record scheduled
 * behind it and shows in the percentiles (no coordinated omission). Not thread-safe: one recorder
 * per signalling thread or session; {@link #merge} after they finish.
 */
public final class LatencyRecorder {

  private static final long LOWEST = 1_000L;
  private static final long HIGHEST = 3_600_000_000_000L;

  private final Histogram histogram = new Histogram(LOWEST, HIGHEST, 3);

  /** Records one sample; values out of range are clamped (a negative skew counts as 1 µs). */
  public void record(long nanos) {
    histogram.recordValue(Math.max(LOWEST, Math.min(HIGHEST, nanos)));
  }

  public void merge(LatencyRecorder other) {
    histogram.add(other.histogram);
  }

  public long count() {
    return histogram.getTotalCount();
  }

  public LatencyStats stats() {
    if (histogram.getTotalCount() == 0) {
      return LatencyStats.EMPTY;
    }
    return new LatencyStats(
        histogram.getTotalCount(),
        histogram.getMinValue(),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(99),
        histogram.getMaxValue());
  }
}

package dev.s2reactive.samples;

import dev.s2reactive.core.model.SequencedRecord;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Append→read latency: the time from a record being handed to the append sink (its {@link
 * LogLines#SENT_AT_HEADER}) to a reader receiving it, in a histogram with 3 significant digits.
 * Thread-safe: many readers may record at once.
 */
final class Latency {

  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Histogram histogram = new ConcurrentHistogram(MAX_MICROS, 3);

  /** Records the latency of {@code record} as received now; ignores records without a send time. */
  void record(SequencedRecord record) {
    long now = System.nanoTime();
    LogLines.sentAtNanos(record)
        .ifPresent(
            sent ->
                histogram.recordValue(
                    Math.min(MAX_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - sent)))));
  }

  LatencySummary summary() {
    Histogram copy = histogram.copy();
    return new LatencySummary(
        copy.getTotalCount(),
        copy.getValueAtPercentile(50),
        copy.getValueAtPercentile(90),
        copy.getValueAtPercentile(99),
        copy.getMaxValue());
  }
}

package dev.s2reactive.benchmarks.internal;

import java.time.Duration;

/**
 * One bench run's parameters. Immutable.
 *
 * @param recordSize metered bytes per record (128 B to 1 MiB)
 * @param targetMibps target write rate in MiB/s; 0 writes as fast as the sink accepts
 * @param duration how long the writer writes
 * @param catchupDelay pause between the end of writing and the catch-up read
 * @param readers live readers from the first record (fan-out), each its own session
 * @param idleReaders idle tailing sessions opened after the run to measure their memory
 * @param linger the append sink's linger
 * @param readTimeout how long readers may take after the last acknowledgement
 */
public record BenchConfig(
    int recordSize,
    double targetMibps,
    Duration duration,
    Duration catchupDelay,
    int readers,
    int idleReaders,
    Duration linger,
    Duration readTimeout) {

  public BenchConfig {
    Workload.checkRecordSize(recordSize);
    if (targetMibps < 0 || readers < 0 || idleReaders < 0) {
      throw new IllegalArgumentException("target, readers and idle readers must be >= 0");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
  }

  /** Target rate in bytes per second, 0 for "max". */
  public double bytesPerSecond() {
    return targetMibps * 1024 * 1024;
  }
}

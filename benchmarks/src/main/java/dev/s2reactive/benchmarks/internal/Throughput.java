package dev.s2reactive.benchmarks.internal;

/** Bytes (metered) and records moved in {@code nanos}. Immutable. */
public record Throughput(long bytes, long records, long nanos) {

  public static final Throughput NONE = new Throughput(0, 0, 0);

  public double seconds() {
    return nanos / 1e9;
  }

  public double mibPerSec() {
    return nanos <= 0 ? 0 : bytes / (1024.0 * 1024.0) / seconds();
  }

  public double recordsPerSec() {
    return nanos <= 0 ? 0 : records / seconds();
  }

  /** The official report line: {@code 1.00 MiB/s, 128 records/s (B bytes, R records in T s)}. */
  public String describe() {
    return String.format(
        "%.2f MiB/s, %.0f records/s (%d bytes, %d records in %.2fs)",
        mibPerSec(), recordsPerSec(), bytes, records, seconds());
  }
}

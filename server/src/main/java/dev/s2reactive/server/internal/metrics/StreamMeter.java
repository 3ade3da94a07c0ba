package dev.s2reactive.server.internal.metrics;

/**
 * Counts the records and metered bytes appended to and read from one stream, for per-stream
 * rates. Obtained once per stream from {@link ServerMetrics#stream}; thread-safe and cheap enough
 * for every batch.
 */
public interface StreamMeter {

  /** Records nothing. */
  StreamMeter NOOP = new StreamMeter() {};

  /** An append batch of this stream was acknowledged. */
  default void appended(int records, long meteredBytes) {}

  /** Records of this stream were handed to a reader (unary or streaming, storage or live). */
  default void delivered(int records, long meteredBytes) {}
}

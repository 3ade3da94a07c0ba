package dev.s2reactive.core;

/**
 * How streaming reads and appends reach the server. Management calls are always unary HTTP/1.1.
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public enum TransportPreference {
  /**
   * {@code s2s/proto} sessions over HTTP/2 (h2c prior knowledge on {@code http://}, ALPN on {@code
   * https://}), falling back to {@link #SSE} when the server cannot open one. The default.
   */
  S2S,
  /** Server-sent events for reads and pipelined unary requests for appends. */
  SSE
}

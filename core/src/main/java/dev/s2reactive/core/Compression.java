package dev.s2reactive.core;

/**
 * Compression of request and session payloads. Unary request bodies are sent with {@code
 * Content-Encoding}; s2s sessions advertise it in {@code Accept-Encoding} and compress per message
 * (protocol §2, §9). Bodies under 1 KiB are never compressed.
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public enum Compression {
  /** No compression (the default). */
  NONE,
  /** gzip. */
  GZIP,
  /** zstd: better ratio and speed than gzip; the server prefers it when offered. */
  ZSTD
}

package dev.s2reactive.server.internal.catalog;

/** Which basin flag may create a missing stream on a records request (protocol §4.2). */
public enum AutoCreate {
  /** Never create: a missing stream is 404 stream_not_found. */
  NEVER,
  /** Create when the basin has {@code create_stream_on_append}. */
  ON_APPEND,
  /** Create when the basin has {@code create_stream_on_read} (reads and check-tail). */
  ON_READ
}

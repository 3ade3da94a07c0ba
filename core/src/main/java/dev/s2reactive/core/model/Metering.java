package dev.s2reactive.core.model;

import java.util.List;

/**
 * The metered size of records (protocol §5.2): the unit of append batch limits, {@code bytes} read
 * limits and SSE event ids. {@code 8 + 2 × headers + Σ(len(name) + len(value)) + len(body)}.
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public final class Metering {

  /** Per-record overhead. */
  public static final int RECORD_OVERHEAD = 8;

  private Metering() {}

  public static long meteredBytes(List<Header> headers, Bytes body) {
    long size = RECORD_OVERHEAD + (long) body.size();
    for (int i = 0, n = headers.size(); i < n; i++) {
      size += headers.get(i).meteredBytes();
    }
    return size;
  }
}

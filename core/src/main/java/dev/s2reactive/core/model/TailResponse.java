package dev.s2reactive.core.model;

import java.util.Objects;

/**
 * Body of check-tail and of a 416 read response. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param tail the next seq_num and the last record's timestamp
 */
public record TailResponse(StreamPosition tail) {

  public TailResponse {
    Objects.requireNonNull(tail, "tail");
  }
}

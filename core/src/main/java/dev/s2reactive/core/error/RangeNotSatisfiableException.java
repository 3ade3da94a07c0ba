package dev.s2reactive.core.error;

import dev.s2reactive.core.model.StreamPosition;
import java.util.Objects;

/**
 * HTTP 416: a read started beyond the tail (or at the tail of a read that may not wait). Carries
 * the stream's tail so the caller can restart from it.
 *
 * <p>Immutable and safe to pass between threads; it does no I/O, so backpressure does not apply.
 */
public final class RangeNotSatisfiableException extends S2NonTransientException {

  /** Wire code used for this error; the 416 body itself carries no code. */
  public static final String CODE = "range_not_satisfiable";

  private final StreamPosition tail;

  public RangeNotSatisfiableException(StreamPosition tail) {
    super(
        416,
        CODE,
        "read start is beyond the tail (next seq_num "
            + Long.toUnsignedString(tail.seqNum())
            + ")",
        null);
    this.tail = Objects.requireNonNull(tail, "tail");
  }

  /** The stream's tail when the read was refused. */
  public StreamPosition tail() {
    return tail;
  }
}

package dev.s2reactive.core.model;

import java.util.Objects;

/**
 * The acknowledgement of one durable append batch. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param start seq_num and timestamp of the first appended record
 * @param end seq_num after the last appended record, and the last record's timestamp
 * @param tail the stream's durable tail when the ack was sent; at or after {@code end}
 */
public record AppendAck(StreamPosition start, StreamPosition end, StreamPosition tail) {

  public AppendAck {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(tail, "tail");
  }

  /** Number of records the batch appended. */
  public long recordCount() {
    return end.seqNum() - start.seqNum();
  }
}

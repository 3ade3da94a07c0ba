package dev.s2reactive.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A durable record as read from a stream. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param seqNum its sequence number (unsigned 64-bit)
 * @param timestamp its timestamp (unsigned 64-bit; milliseconds since the epoch when the server
 *     assigned it)
 * @param headers headers in order, never null
 * @param body the body, never null
 */
public record SequencedRecord(long seqNum, long timestamp, List<Header> headers, Bytes body) {

  public SequencedRecord {
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** True when this is a command record: exactly one header, with an empty name. */
  public boolean isCommand() {
    return headers.size() == 1 && headers.get(0).name().isEmpty();
  }

  /** Metered size (protocol §5.2). */
  public long meteredBytes() {
    return Metering.meteredBytes(headers, body);
  }

  /** The position right after this record: what a stream's tail is when this record is last. */
  public StreamPosition nextPosition() {
    return StreamPosition.of(seqNum + 1, timestamp);
  }
}

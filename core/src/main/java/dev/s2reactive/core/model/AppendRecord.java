package dev.s2reactive.core.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A record to append: optional client timestamp, headers and body. Immutable and thread-safe.
 *
 * <p>Without a timestamp the server assigns the arrival time (protocol §6.3). The {@link #fence}
 * and {@link #trim} factories build command records.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param timestamp client timestamp (unsigned 64-bit), empty to let the server assign one
 * @param headers headers in order, never null
 * @param body the body, never null
 */
public record AppendRecord(OptionalLong timestamp, List<Header> headers, Bytes body) {

  /** Header value of a fence command record. */
  public static final Bytes FENCE_COMMAND = Bytes.utf8("fence");
  /** Header value of a trim command record. */
  public static final Bytes TRIM_COMMAND = Bytes.utf8("trim");

  public AppendRecord {
    Objects.requireNonNull(timestamp, "timestamp");
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** A record with a UTF-8 body, no headers and no timestamp. */
  public static AppendRecord of(String body) {
    return new AppendRecord(OptionalLong.empty(), List.of(), Bytes.utf8(body));
  }

  /** A record with a body (copied), no headers and no timestamp. */
  public static AppendRecord of(byte[] body) {
    return new AppendRecord(OptionalLong.empty(), List.of(), Bytes.copyOf(body));
  }

  /** A record with a body, no headers and no timestamp. */
  public static AppendRecord of(Bytes body) {
    return new AppendRecord(OptionalLong.empty(), List.of(), body);
  }

  /**
   * A fence command: appends sequenced after it must carry {@code token} as their fencing token.
   * An empty token clears fencing.
   */
  public static AppendRecord fence(String token) {
    return new AppendRecord(
        OptionalLong.empty(), List.of(new Header(Bytes.EMPTY, FENCE_COMMAND)), Bytes.utf8(token));
  }

  /** A trim command: records with a seq_num below {@code earliestSeqNum} are trimmed. */
  public static AppendRecord trim(long earliestSeqNum) {
    byte[] body = ByteBuffer.allocate(Long.BYTES).putLong(earliestSeqNum).array();
    return new AppendRecord(
        OptionalLong.empty(), List.of(new Header(Bytes.EMPTY, TRIM_COMMAND)), Bytes.copyOf(body));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy of this record with the given client timestamp. */
  public AppendRecord withTimestamp(long timestamp) {
    return new AppendRecord(OptionalLong.of(timestamp), headers, body);
  }

  /** True when this is a command record: exactly one header, with an empty name. */
  public boolean isCommand() {
    return headers.size() == 1 && headers.get(0).name().isEmpty();
  }

  /** Metered size (protocol §5.2). */
  public long meteredBytes() {
    return Metering.meteredBytes(headers, body);
  }

  /** Builds an {@link AppendRecord}; defaults: no timestamp, no headers, empty body. */
  public static final class Builder {
    private OptionalLong timestamp = OptionalLong.empty();
    private final ArrayList<Header> headers = new ArrayList<>();
    private Bytes body = Bytes.EMPTY;

    private Builder() {}

    public Builder timestamp(long timestamp) {
      this.timestamp = OptionalLong.of(timestamp);
      return this;
    }

    public Builder header(String name, String value) {
      headers.add(Header.of(name, value));
      return this;
    }

    public Builder header(Header header) {
      headers.add(Objects.requireNonNull(header));
      return this;
    }

    public Builder headers(List<Header> headers) {
      this.headers.addAll(headers);
      return this;
    }

    public Builder body(String body) {
      this.body = Bytes.utf8(body);
      return this;
    }

    public Builder body(byte[] body) {
      this.body = Bytes.copyOf(body);
      return this;
    }

    public Builder body(Bytes body) {
      this.body = Objects.requireNonNull(body);
      return this;
    }

    public AppendRecord build() {
      return new AppendRecord(timestamp, headers, body);
    }
  }

}

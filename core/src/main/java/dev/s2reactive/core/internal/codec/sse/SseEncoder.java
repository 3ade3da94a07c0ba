package dev.s2reactive.core.internal.codec.sse;

import dev.s2reactive.core.model.StreamPosition;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the events of an S2 SSE read session (protocol §8): {@code batch}, {@code ping}, {@code
 * error} and the final {@code data: [DONE]}. The JSON of batches and errors is built elsewhere and
 * passed in as UTF-8 bytes; data containing line breaks is split into several {@code data} lines
 * so that it decodes to the same text. Stateless and thread-safe.
 */
public final class SseEncoder {

  /** Event type of a batch of records. */
  public static final String BATCH = "batch";
  /** Event type of a heartbeat. */
  public static final String PING = "ping";
  /** Event type of an error that ends the session. */
  public static final String ERROR = "error";

  private static final byte[] DONE =
      "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private SseEncoder() {}

  /** {@code event: batch}, {@code id: seq,count,bytes} and the ReadBatch JSON. */
  public static byte[] batch(LastEventId id, byte[] readBatchJson) {
    return event(BATCH, id.format(), readBatchJson);
  }

  /** Writes a batch event into {@code out} without an intermediate array. */
  public static void writeBatch(ByteBuf out, LastEventId id, byte[] readBatchJson) {
    writeEvent(out, BATCH, id.format(), readBatchJson);
  }

  /** {@code event: ping} with {@code {"timestamp":now,"tail":{"seq_num":..,"timestamp":..}}}. */
  public static byte[] ping(long timestampMillis, StreamPosition tail) {
    return event(PING, null, pingJson(timestampMillis, tail).getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code event: error} with an ErrorInfo JSON body; the session ends after it. */
  public static byte[] error(byte[] errorJson) {
    return event(ERROR, null, errorJson);
  }

  /** {@code event: error} with an ErrorInfo JSON body; the session ends after it. */
  public static byte[] error(String errorJson) {
    return error(errorJson.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code data: [DONE]} without an event line: the normal end of a session. */
  public static byte[] done() {
    return DONE.clone();
  }

  /** Any event; its id and type must not contain line breaks. */
  public static byte[] encode(SseEvent event) {
    return event(
        event.type().equals(SseEvent.DEFAULT_TYPE) ? null : event.type(),
        event.id().orElse(null),
        event.data().getBytes(StandardCharsets.UTF_8));
  }

  /** The ping data JSON. */
  static String pingJson(long timestampMillis, StreamPosition tail) {
    return "{\"timestamp\":"
        + Long.toUnsignedString(timestampMillis)
        + ",\"tail\":{\"seq_num\":"
        + Long.toUnsignedString(tail.seqNum())
        + ",\"timestamp\":"
        + Long.toUnsignedString(tail.timestamp())
        + "}}";
  }

  private static byte[] event(String type, String id, byte[] data) {
    byte[] typeBytes = fieldBytes(type);
    byte[] idBytes = fieldBytes(id);
    Writer writer = new Writer(null, eventSize(typeBytes, idBytes, data));
    write(writer, typeBytes, idBytes, data);
    return writer.toArray();
  }

  private static void writeEvent(ByteBuf out, String type, String id, byte[] data) {
    byte[] typeBytes = fieldBytes(type);
    byte[] idBytes = fieldBytes(id);
    out.ensureWritable(eventSize(typeBytes, idBytes, data));
    write(new Writer(out, 0), typeBytes, idBytes, data);
  }

  private static byte[] fieldBytes(String field) {
    if (field == null) {
      return null;
    }
    if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("SSE field contains a line break: " + field);
    }
    return field.getBytes(StandardCharsets.UTF_8);
  }

  /** Exact encoded size: each data line costs "data: " and "\n"; a CRLF counts as one break. */
  private static int eventSize(byte[] type, byte[] id, byte[] data) {
    long lines = 1;
    long breakBytes = 0;
    for (int i = 0; i < data.length; i++) {
      byte b = data[i];
      if (b == '\n' || b == '\r') {
        lines++;
        breakBytes++;
        if (b == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
          breakBytes++;
          i++;
        }
      }
    }
    long size = data.length - breakBytes + 7 * lines + 1;
    if (type != null) {
      size += 8 + type.length;
    }
    if (id != null) {
      size += 5 + id.length;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("SSE event too large");
    }
    return (int) size;
  }

  private static void write(Writer out, byte[] type, byte[] id, byte[] data) {
    if (type != null) {
      out.ascii("event: ").bytes(type, 0, type.length).ascii("\n");
    }
    if (id != null) {
      out.ascii("id: ").bytes(id, 0, id.length).ascii("\n");
    }
    int start = 0;
    for (int i = 0; i < data.length; i++) {
      byte b = data[i];
      if (b == '\n' || b == '\r') {
        out.ascii("data: ").bytes(data, start, i - start).ascii("\n");
        if (b == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.ascii("data: ").bytes(data, start, data.length - start).ascii("\n\n");
  }

  /** Appends to a ByteBuf, or to an array sized from an upper bound. */
  private static final class Writer {
    private final ByteBuf buf;
    private byte[] array;
    private int length;

    Writer(ByteBuf buf, int capacity) {
      this.buf = buf;
      this.array = buf == null ? new byte[capacity] : null;
    }

    Writer ascii(String s) {
      if (buf != null) {
        buf.writeCharSequence(s, StandardCharsets.US_ASCII);
      } else {
        for (int i = 0, n = s.length(); i < n; i++) {
          array[length++] = (byte) s.charAt(i);
        }
      }
      return this;
    }

    Writer bytes(byte[] src, int offset, int count) {
      if (buf != null) {
        buf.writeBytes(src, offset, count);
      } else {
        System.arraycopy(src, offset, array, length, count);
        length += count;
      }
      return this;
    }

    byte[] toArray() {
      if (length != array.length) {
        throw new IllegalStateException("size mismatch: " + length + " != " + array.length);
      }
      return array;
    }
  }
}

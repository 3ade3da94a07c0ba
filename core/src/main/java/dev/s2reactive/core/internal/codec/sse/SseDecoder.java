package dev.s2reactive.core.internal.codec.sse;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Incremental {@code text/event-stream} decoder following the WHATWG event-stream interpretation
 * rules: CRLF, LF and CR line endings (a CRLF may be split across chunks), multi-line {@code
 * data}, comments, a leading byte order mark, {@code retry} and unknown fields ignored, an event
 * dispatched on a blank line and dropped when it has no data. Chunk boundaries never change the
 * result.
 *
 * <p>Not thread-safe: one instance per response, fed in order (a Netty event loop does that).
 * Memory is bounded: the bytes held for the event being decoded (current line, data, type, id)
 * may not exceed {@code maxEventBytes}; beyond that {@link #decode} throws a non-retryable {@link
 * S2Exception} ({@code bad_frame}) and the decoder must be discarded.
 */
public final class SseDecoder {

  /** Default bound on the bytes of one event: 4 MiB. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final byte[] DATA = ascii("data");
  private static final byte[] EVENT = ascii("event");
  private static final byte[] ID = ascii("id");

  private final int maxEventBytes;
  private final ByteAccumulator line = new ByteAccumulator();
  private final ByteAccumulator data = new ByteAccumulator();
  private String type = "";
  private int typeBytes;
  private String id;
  private int idBytes;
  private int bomMatched; // bytes of a leading BOM seen so far; -1 once the stream has started
  private boolean skipLf; // the previous line ended with CR, so a following LF ends nothing
  private byte[] scratch;

  public SseDecoder() {
    this(DEFAULT_MAX_EVENT_BYTES);
  }

  public SseDecoder(int maxEventBytes) {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive");
    }
    this.maxEventBytes = maxEventBytes;
  }

  /** Decodes {@code chunk}, passing each completed event to {@code out}. */
  public void decode(byte[] chunk, Consumer<? super SseEvent> out) {
    decode(chunk, 0, chunk.length, out);
  }

  /** Decodes all readable bytes of {@code chunk} (advancing its reader index; not released). */
  public void decode(ByteBuf chunk, Consumer<? super SseEvent> out) {
    int length = chunk.readableBytes();
    if (chunk.hasArray()) {
      decode(chunk.array(), chunk.arrayOffset() + chunk.readerIndex(), length, out);
      chunk.skipBytes(length);
      return;
    }
    if (scratch == null) {
      scratch = new byte[8192];
    }
    while (chunk.isReadable()) {
      int n = Math.min(scratch.length, chunk.readableBytes());
      chunk.readBytes(scratch, 0, n);
      decode(scratch, 0, n, out);
    }
  }

  /** Decodes {@code chunk} and returns the completed events; a convenience for tests. */
  public List<SseEvent> decode(byte[] chunk) {
    List<SseEvent> events = new ArrayList<>();
    decode(chunk, events::add);
    return events;
  }

  /** Decodes {@code length} bytes of {@code chunk} from {@code offset}. */
  public void decode(byte[] chunk, int offset, int length, Consumer<? super SseEvent> out) {
    int i = offset;
    int end = offset + length;
    if (bomMatched >= 0) {
      i = skipBom(chunk, i, end);
    }
    while (i < end) {
      if (skipLf) {
        skipLf = false;
        if (chunk[i] == LF) {
          i++;
          continue;
        }
      }
      int eol = i;
      while (eol < end && chunk[eol] != LF && chunk[eol] != CR) {
        eol++;
      }
      if (eol == end) {
        appendToLine(chunk, i, end - i);
        return;
      }
      skipLf = chunk[eol] == CR;
      if (line.length == 0) {
        checkBound(eol - i);
        processLine(chunk, i, eol - i, out);
      } else {
        appendToLine(chunk, i, eol - i);
        processLine(line.bytes, 0, line.length, out);
        line.length = 0;
        line.shrinkIfLarge();
      }
      i = eol + 1;
    }
  }

  private int skipBom(byte[] chunk, int i, int end) {
    while (i < end) {
      if (chunk[i] != BOM[bomMatched]) {
        // Not a BOM after all: what matched so far is content.
        line.append(BOM, 0, bomMatched);
        bomMatched = -1;
        return i;
      }
      i++;
      if (++bomMatched == BOM.length) {
        bomMatched = -1;
        return i;
      }
    }
    return i;
  }

  private void appendToLine(byte[] chunk, int offset, int length) {
    checkBound(line.length + length);
    line.append(chunk, offset, length);
  }

  private void checkBound(int lineBytes) {
    if ((long) lineBytes + data.length + typeBytes + idBytes > maxEventBytes) {
      throw S2Exception.of(
          ErrorCode.BAD_FRAME, "SSE event larger than " + maxEventBytes + " bytes");
    }
  }

  private void processLine(byte[] b, int offset, int length, Consumer<? super SseEvent> out) {
    if (length == 0) {
      dispatch(out);
      return;
    }
    if (b[offset] == ':') {
      return;
    }
    int end = offset + length;
    int colon = offset;
    while (colon < end && b[colon] != ':') {
      colon++;
    }
    int valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && b[valueStart] == ' ') {
      valueStart++;
    }
    int nameLength = colon - offset;
    int valueLength = end - valueStart;
    if (nameIs(b, offset, nameLength, DATA)) {
      data.append(b, valueStart, valueLength);
      data.append(LF);
    } else if (nameIs(b, offset, nameLength, EVENT)) {
      type = new String(b, valueStart, valueLength, StandardCharsets.UTF_8);
      typeBytes = valueLength;
    } else if (nameIs(b, offset, nameLength, ID)) {
      for (int k = valueStart; k < end; k++) {
        if (b[k] == 0) {
          return; // The standard ignores ids containing NUL.
        }
      }
      id = new String(b, valueStart, valueLength, StandardCharsets.UTF_8);
      idBytes = valueLength;
    }
    // "retry" and unknown fields are ignored.
  }

  private void dispatch(Consumer<? super SseEvent> out) {
    if (data.length == 0) {
      resetEvent();
      return;
    }
    String text = new String(data.bytes, 0, data.length - 1, StandardCharsets.UTF_8);
    SseEvent event =
        new SseEvent(type.isEmpty() ? SseEvent.DEFAULT_TYPE : type, Optional.ofNullable(id), text);
    resetEvent();
    out.accept(event);
  }

  private void resetEvent() {
    data.length = 0;
    data.shrinkIfLarge();
    type = "";
    typeBytes = 0;
    id = null;
    idBytes = 0;
  }

  private static boolean nameIs(byte[] b, int offset, int length, byte[] name) {
    return length == name.length && Arrays.equals(b, offset, offset + length, name, 0, length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A growable byte array; callers bound its size before appending. */
  private static final class ByteAccumulator {
    private static final int RETAINED_CAPACITY = 64 * 1024;

    byte[] bytes = new byte[256];
    int length;

    void append(byte[] src, int offset, int count) {
      ensureCapacity(length + count);
      System.arraycopy(src, offset, bytes, length, count);
      length += count;
    }

    void append(byte b) {
      ensureCapacity(length + 1);
      bytes[length++] = b;
    }

    /** Drops a buffer grown by one large event so an idle session holds little memory. */
    void shrinkIfLarge() {
      if (bytes.length > RETAINED_CAPACITY) {
        bytes = new byte[256];
      }
    }

    private void ensureCapacity(int needed) {
      if (needed > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
      }
    }
  }
}

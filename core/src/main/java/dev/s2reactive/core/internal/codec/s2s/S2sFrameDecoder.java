package dev.s2reactive.core.internal.codec.s2s;

import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.COMPRESSION_MASK;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.COMPRESSION_SHIFT;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.FLAG_RECONNECT_ADVISED;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.FLAG_TERMINAL;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.HEADER_SIZE;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.MAX_BODY_SIZE;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.MAX_FRAME_LENGTH;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.BytesInternals;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Incremental decoder of s2s frames (protocol §9.2); chunk boundaries never change the result.
 * Bodies are decompressed (bounded by 2 MiB − 1 bytes) before they are handed out.
 *
 * <p>Not thread-safe: one instance per session direction, fed in order. Memory is bounded by one
 * frame (at most 2 MiB, allocated once its header is known). A malformed frame — zero length,
 * length over 2 MiB, compression bits {@code 11}, a terminal frame with fewer than two body bytes,
 * a corrupt or oversized compressed body — throws a non-retryable {@link S2Exception} 400 {@code
 * bad_frame}, after which the decoder refuses further input.
 */
public final class S2sFrameDecoder {

  private final byte[] header = new byte[HEADER_SIZE];
  private int headerFilled;
  private byte[] body;
  private int bodyFilled;
  private int flag;
  private boolean failed;
  private boolean ended;

  /** Decodes {@code chunk}, passing each complete frame to {@code out}. */
  public void decode(byte[] chunk, Consumer<? super S2sFrame> out) {
    decode(chunk, 0, chunk.length, out);
  }

  /** Decodes {@code chunk} and returns the complete frames; a convenience for tests. */
  public List<S2sFrame> decode(byte[] chunk) {
    List<S2sFrame> frames = new ArrayList<>();
    decode(chunk, frames::add);
    return frames;
  }

  /** Decodes {@code length} bytes of {@code chunk} from {@code offset}. */
  public void decode(byte[] chunk, int offset, int length, Consumer<? super S2sFrame> out) {
    checkUsable(length);
    int i = offset;
    int end = offset + length;
    try {
      while (i < end) {
        if (headerFilled < HEADER_SIZE) {
          header[headerFilled++] = chunk[i++];
          if (headerFilled == HEADER_SIZE - 1) {
            checkLength();
          } else if (headerFilled == HEADER_SIZE) {
            startBody();
          }
        } else {
          int n = Math.min(end - i, body.length - bodyFilled);
          System.arraycopy(chunk, i, body, bodyFilled, n);
          bodyFilled += n;
          i += n;
        }
        if (headerFilled == HEADER_SIZE && bodyFilled == body.length) {
          emit(out);
          if (ended && i < end) {
            throw badFrame("data after the terminal frame");
          }
        }
      }
    } catch (S2Exception e) {
      failed = true;
      throw e;
    }
  }

  /** Decodes all readable bytes of {@code chunk} (advancing its reader index; not released). */
  public void decode(ByteBuf chunk, Consumer<? super S2sFrame> out) {
    checkUsable(chunk.readableBytes());
    try {
      while (chunk.isReadable()) {
        if (headerFilled < HEADER_SIZE) {
          header[headerFilled++] = chunk.readByte();
          if (headerFilled == HEADER_SIZE - 1) {
            checkLength();
          } else if (headerFilled == HEADER_SIZE) {
            startBody();
          }
        } else {
          int n = Math.min(chunk.readableBytes(), body.length - bodyFilled);
          chunk.readBytes(body, bodyFilled, n);
          bodyFilled += n;
        }
        if (headerFilled == HEADER_SIZE && bodyFilled == body.length) {
          emit(out);
          if (ended && chunk.isReadable()) {
            throw badFrame("data after the terminal frame");
          }
        }
      }
    } catch (S2Exception e) {
      failed = true;
      throw e;
    }
  }

  /** True between frames: nothing of a partial frame is buffered. */
  public boolean isAtFrameBoundary() {
    return headerFilled == 0;
  }

  /**
   * Call at the end of the byte stream.
   *
   * @throws S2Exception 400 {@code bad_frame} when the stream ended inside a frame
   */
  public void finish() {
    if (!failed && headerFilled != 0) {
      failed = true;
      throw badFrame("truncated frame at end of stream");
    }
  }

  private void checkUsable(int length) {
    if (failed) {
      throw badFrame("frame decoder already failed");
    }
    if (ended && length > 0) {
      throw badFrame("data after the terminal frame");
    }
  }

  private int checkLength() {
    return checkLength(header);
  }

  /** The length field of {@code header} (its first three bytes), checked against the limits. */
  static int checkLength(byte[] header) {
    int length = (header[0] & 0xFF) << 16 | (header[1] & 0xFF) << 8 | (header[2] & 0xFF);
    if (length == 0) {
      throw badFrame("zero-length frame");
    }
    if (length > MAX_FRAME_LENGTH) {
      throw badFrame("frame length " + length + " exceeds " + MAX_FRAME_LENGTH);
    }
    return length;
  }

  /** The flag byte of a complete {@code header}, checked against its length; see the class doc. */
  static int checkFlag(byte[] header, int length) {
    int flag = header[3] & 0xFF;
    if (Compression.fromBits(flag >>> COMPRESSION_SHIFT & COMPRESSION_MASK) == null) {
      throw badFrame("invalid compression bits in frame flag");
    }
    if ((flag & FLAG_TERMINAL) != 0 && length - 1 < 2) {
      throw badFrame("terminal frame shorter than its status code");
    }
    return flag;
  }

  private void startBody() {
    int length = checkLength();
    flag = checkFlag(header, length);
    body = new byte[length - 1];
    bodyFilled = 0;
  }

  private void emit(Consumer<? super S2sFrame> out) {
    byte[] payload = body;
    body = null;
    headerFilled = 0;
    S2sFrame frame = frame(flag, payload);
    if (frame instanceof S2sFrame.Terminal) {
      ended = true;
    }
    out.accept(frame);
  }

  /** The frame of a complete, possibly compressed, {@code body} with flag byte {@code flag}. */
  static S2sFrame frame(int flag, byte[] body) {
    Compression compression = Compression.fromBits(flag >>> COMPRESSION_SHIFT & COMPRESSION_MASK);
    byte[] payload = BodyCompression.decompress(compression, body, MAX_BODY_SIZE);
    boolean reconnectAdvised = (flag & FLAG_RECONNECT_ADVISED) != 0;
    if ((flag & FLAG_TERMINAL) != 0) {
      if (payload.length < 2) {
        throw badFrame("terminal frame shorter than its status code");
      }
      int status = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
      String json = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
      return new S2sFrame.Terminal(status, json, reconnectAdvised);
    }
    return new S2sFrame.Message(BytesInternals.wrap(payload), reconnectAdvised);
  }

  static S2Exception badFrame(String message) {
    return S2Exception.of(ErrorCode.BAD_FRAME, message);
  }
}

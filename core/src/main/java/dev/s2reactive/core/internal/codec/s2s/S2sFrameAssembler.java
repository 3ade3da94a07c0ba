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
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental decoder of s2s frames (protocol §9.2) that keeps the received Netty buffers instead
 * of copying them: the body of an uncompressed regular frame is handed to {@link
 * Handler#onMessage} as retained slices of the chunks it arrived in (one buffer, or a composite of
 * them), valid only while the handler runs and released right after. A 1 MiB read batch arrives
 * as dozens of HTTP/2 DATA frames, so this spares a frame-sized array per batch and one copy of
 * every byte. Compressed and terminal frames are copied into one array and decoded (see {@link
 * Handler#onFrame}). A malformed frame — zero length, length over 2 MiB, compression bits {@code
 * 11}, a terminal frame with fewer than two body bytes, a corrupt or oversized compressed body
 * (2 MiB − 1 bytes after decompression) — throws a non-retryable {@link S2Exception} 400 {@code
 * bad_frame}; chunk boundaries never change the result. {@link S2sFrameDecoder} is this state
 * machine in its copying mode.
 *
 * <p>Memory is bounded by one frame of retained slices. {@link #decode} and {@link #close} are
 * synchronized so that a cancellation on another thread can release what is held while the
 * event loop decodes; after {@code close} further input is ignored (and left to its owner).
 */
public final class S2sFrameAssembler implements AutoCloseable {

  /** Receives the frames of one {@link #decode} call, in order, on the decoding thread. */
  public interface Handler {
    /**
     * A regular frame's (decompressed) body: read it during the call, neither keep nor release
     * it.
     */
    void onMessage(ByteBuf body, boolean reconnectAdvised);

    /** The terminal frame; the stream must end after it. */
    void onTerminal(S2sFrame.Terminal terminal);

    /**
     * A frame copied into one array: a terminal or compressed frame, or every frame of a copying
     * assembler. By default handed on to {@link #onTerminal} or, wrapped, to {@link #onMessage}.
     */
    default void onFrame(S2sFrame frame) {
      if (frame instanceof S2sFrame.Terminal terminal) {
        onTerminal(terminal);
      } else {
        S2sFrame.Message message = (S2sFrame.Message) frame;
        onMessage(
            Unpooled.wrappedBuffer(BytesInternals.array(message.body())),
            message.reconnectAdvised());
      }
    }
  }

  /** Copy each body into one array as it arrives, retaining nothing (for S2sFrameDecoder). */
  private final boolean copying;
  private final byte[] header = new byte[HEADER_SIZE];
  private int headerFilled;
  private final List<ByteBuf> parts = new ArrayList<>();
  private byte[] copy;
  private int bodyLength;
  private int bodyFilled;
  private int flag;
  private boolean failed;
  private boolean ended;
  private boolean closed;

  /** An assembler that hands uncompressed regular frames out as retained slices. */
  public S2sFrameAssembler() {
    this(false);
  }

  /**
   * @param copying copy every body into one array as it arrives and hand every frame to {@link
   *     Handler#onFrame}: nothing of the chunks is retained, so {@link #close} is not needed
   */
  S2sFrameAssembler(boolean copying) {
    this.copying = copying;
  }

  /**
   * Decodes all readable bytes of {@code chunk} (advancing its reader index; the chunk itself is
   * not released: slices of it are retained as needed).
   *
   * @throws S2Exception 400 {@code bad_frame} for a malformed frame; the assembler then refuses
   *     further input and holds nothing
   */
  public synchronized void decode(ByteBuf chunk, Handler handler) {
    if (closed) {
      return;
    }
    if (failed) {
      throw badFrame("frame decoder already failed");
    }
    if (ended && chunk.isReadable()) {
      failed = true;
      throw badFrame("data after the terminal frame");
    }
    try {
      while (chunk.isReadable()) {
        if (headerFilled < HEADER_SIZE) {
          header[headerFilled++] = chunk.readByte();
          if (headerFilled == HEADER_SIZE - 1) {
            checkLength(header);
          } else if (headerFilled == HEADER_SIZE) {
            int length = checkLength(header);
            flag = checkFlag(header, length);
            bodyLength = length - 1;
            bodyFilled = 0;
            if (copying) {
              copy = new byte[bodyLength];
            }
          }
        } else {
          int n = Math.min(chunk.readableBytes(), bodyLength - bodyFilled);
          if (copying) {
            chunk.readBytes(copy, bodyFilled, n);
          } else {
            parts.add(chunk.readRetainedSlice(n));
          }
          bodyFilled += n;
        }
        if (headerFilled == HEADER_SIZE && bodyFilled == bodyLength) {
          headerFilled = 0;
          emit(handler);
          if (ended && chunk.isReadable()) {
            throw badFrame("data after the terminal frame");
          }
        }
      }
    } catch (RuntimeException e) {
      failed = true;
      releaseParts();
      throw e;
    }
  }

  /** True between frames: nothing of a partial frame is buffered. */
  synchronized boolean isAtFrameBoundary() {
    return headerFilled == 0;
  }

  /**
   * Call at the end of the byte stream.
   *
   * @throws S2Exception 400 {@code bad_frame} when the stream ended inside a frame
   */
  public synchronized void finish() {
    if (!failed && headerFilled != 0) {
      failed = true;
      releaseParts();
      throw badFrame("truncated frame at end of stream");
    }
  }

  /** Releases what is held of a partial frame; later input is ignored. Any thread, idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    releaseParts();
  }

  private void emit(Handler handler) {
    boolean compressed = (flag >>> COMPRESSION_SHIFT & COMPRESSION_MASK) != 0;
    if (copying || (flag & FLAG_TERMINAL) != 0 || compressed) {
      byte[] body = copying ? copy : copyParts();
      copy = null;
      S2sFrame frame = frame(flag, body);
      if (frame instanceof S2sFrame.Terminal) {
        ended = true;
      }
      handler.onFrame(frame);
      return;
    }
    ByteBuf body;
    if (parts.isEmpty()) {
      body = Unpooled.EMPTY_BUFFER;
    } else if (parts.size() == 1) {
      body = parts.get(0);
    } else {
      // takes over the parts: releasing the composite releases them
      body = Unpooled.wrappedBuffer(parts.size(), parts.toArray(new ByteBuf[0]));
    }
    parts.clear();
    try {
      handler.onMessage(body, (flag & FLAG_RECONNECT_ADVISED) != 0);
    } finally {
      body.release();
    }
  }

  private byte[] copyParts() {
    byte[] body = new byte[bodyLength];
    int offset = 0;
    for (ByteBuf part : parts) {
      int n = part.readableBytes();
      part.getBytes(part.readerIndex(), body, offset, n);
      offset += n;
    }
    releaseParts();
    return body;
  }

  private void releaseParts() {
    for (ByteBuf part : parts) {
      part.release();
    }
    parts.clear();
  }

  /** The length field of {@code header} (its first three bytes), checked against the limits. */
  private static int checkLength(byte[] header) {
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
  private static int checkFlag(byte[] header, int length) {
    int flag = header[3] & 0xFF;
    if (Compression.fromBits(flag >>> COMPRESSION_SHIFT & COMPRESSION_MASK) == null) {
      throw badFrame("invalid compression bits in frame flag");
    }
    if ((flag & FLAG_TERMINAL) != 0 && length - 1 < 2) {
      throw badFrame("terminal frame shorter than its status code");
    }
    return flag;
  }

  /** The frame of a complete, possibly compressed, {@code body} with flag byte {@code flag}. */
  private static S2sFrame frame(int flag, byte[] body) {
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

  private static S2Exception badFrame(String message) {
    return S2Exception.of(ErrorCode.BAD_FRAME, message);
  }
}

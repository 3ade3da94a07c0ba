package dev.s2reactive.core.internal.codec.s2s;

import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.COMPRESSION_MASK;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.COMPRESSION_SHIFT;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.FLAG_RECONNECT_ADVISED;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.FLAG_TERMINAL;
import static dev.s2reactive.core.internal.codec.s2s.S2sFrames.HEADER_SIZE;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.BytesInternals;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental decoder of s2s frames (protocol §9.2) that keeps the received Netty buffers instead
 * of copying them: the body of an uncompressed regular frame is handed to {@link
 * Handler#onMessage} as retained slices of the chunks it arrived in (one buffer, or a composite of
 * them), valid only while the handler runs and released right after. A 1 MiB read batch arrives
 * as dozens of HTTP/2 DATA frames, so this spares a frame-sized array per batch and one copy of
 * every byte. Compressed and terminal frames are copied and decoded as {@link S2sFrameDecoder}
 * does, with the same validation and limits (2 MiB per frame before and after decompression) and
 * the same {@code bad_frame} errors; chunk boundaries never change the result.
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
  }

  private final byte[] header = new byte[HEADER_SIZE];
  private int headerFilled;
  private final List<ByteBuf> parts = new ArrayList<>();
  private int bodyLength;
  private int bodyFilled;
  private int flag;
  private boolean failed;
  private boolean ended;
  private boolean closed;

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
      throw S2sFrameDecoder.badFrame("frame decoder already failed");
    }
    if (ended && chunk.isReadable()) {
      failed = true;
      throw S2sFrameDecoder.badFrame("data after the terminal frame");
    }
    try {
      while (chunk.isReadable()) {
        if (headerFilled < HEADER_SIZE) {
          header[headerFilled++] = chunk.readByte();
          if (headerFilled == HEADER_SIZE - 1) {
            S2sFrameDecoder.checkLength(header);
          } else if (headerFilled == HEADER_SIZE) {
            int length = S2sFrameDecoder.checkLength(header);
            flag = S2sFrameDecoder.checkFlag(header, length);
            bodyLength = length - 1;
            bodyFilled = 0;
          }
        } else {
          int n = Math.min(chunk.readableBytes(), bodyLength - bodyFilled);
          parts.add(chunk.readRetainedSlice(n));
          bodyFilled += n;
        }
        if (headerFilled == HEADER_SIZE && bodyFilled == bodyLength) {
          headerFilled = 0;
          emit(handler);
          if (ended && chunk.isReadable()) {
            throw S2sFrameDecoder.badFrame("data after the terminal frame");
          }
        }
      }
    } catch (RuntimeException e) {
      failed = true;
      releaseParts();
      throw e;
    }
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
      throw S2sFrameDecoder.badFrame("truncated frame at end of stream");
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
    if ((flag & FLAG_TERMINAL) != 0 || compressed) {
      byte[] copy = new byte[bodyLength];
      int offset = 0;
      for (ByteBuf part : parts) {
        int n = part.readableBytes();
        part.getBytes(part.readerIndex(), copy, offset, n);
        offset += n;
      }
      releaseParts();
      S2sFrame frame = S2sFrameDecoder.frame(flag, copy);
      if (frame instanceof S2sFrame.Terminal terminal) {
        ended = true;
        handler.onTerminal(terminal);
      } else {
        S2sFrame.Message message = (S2sFrame.Message) frame;
        handler.onMessage(
            Unpooled.wrappedBuffer(BytesInternals.array(message.body())),
            message.reconnectAdvised());
      }
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

  private void releaseParts() {
    for (ByteBuf part : parts) {
      part.release();
    }
    parts.clear();
  }
}

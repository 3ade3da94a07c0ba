package dev.s2reactive.core.internal.codec.s2s;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.BytesInternals;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Incremental decoder of s2s frames (protocol §9.2) that copies each frame's body into one array:
 * the {@link S2sFrameAssembler} state machine in its copying mode, for callers that keep frames
 * beyond the chunk they arrived in. Chunk boundaries never change the result. Bodies are
 * decompressed (bounded by 2 MiB − 1 bytes) before they are handed out.
 *
 * <p>Not thread-safe: one instance per session direction, fed in order. Memory is bounded by one
 * frame (at most 2 MiB, allocated once its header is known); nothing of the chunks is retained. A
 * malformed frame throws a non-retryable {@link S2Exception} 400 {@code bad_frame} (see {@link
 * S2sFrameAssembler}), after which the decoder refuses further input.
 */
public final class S2sFrameDecoder {

  private final S2sFrameAssembler assembler = new S2sFrameAssembler(true);

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
    decode(Unpooled.wrappedBuffer(chunk, offset, length), out);
  }

  /** Decodes all readable bytes of {@code chunk} (advancing its reader index; not released). */
  public void decode(ByteBuf chunk, Consumer<? super S2sFrame> out) {
    assembler.decode(chunk, new Forwarding(out));
  }

  /** True between frames: nothing of a partial frame is buffered. */
  public boolean isAtFrameBoundary() {
    return assembler.isAtFrameBoundary();
  }

  /**
   * Call at the end of the byte stream.
   *
   * @throws S2Exception 400 {@code bad_frame} when the stream ended inside a frame
   */
  public void finish() {
    assembler.finish();
  }

  /** Hands the copying assembler's frames on as they are. */
  private record Forwarding(Consumer<? super S2sFrame> out) implements S2sFrameAssembler.Handler {
    @Override
    public void onFrame(S2sFrame frame) {
      out.accept(frame);
    }

    @Override
    public void onMessage(ByteBuf body, boolean reconnectAdvised) {
      out.accept(
          new S2sFrame.Message(BytesInternals.wrap(ByteBufUtil.getBytes(body)), reconnectAdvised));
    }

    @Override
    public void onTerminal(S2sFrame.Terminal terminal) {
      out.accept(terminal);
    }
  }
}

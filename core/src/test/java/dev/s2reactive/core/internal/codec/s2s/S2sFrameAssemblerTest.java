package dev.s2reactive.core.internal.codec.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class S2sFrameAssemblerTest {

  private static final HexFormat HEX = HexFormat.of();

  /** What the assembler hands out, copied during the callback, as the copying decoder would. */
  private static final class Collecting implements S2sFrameAssembler.Handler {
    final List<S2sFrame> frames = new ArrayList<>();

    @Override
    public void onMessage(ByteBuf body, boolean reconnectAdvised) {
      frames.add(new S2sFrame.Message(Bytes.copyOf(ByteBufUtil.getBytes(body)), reconnectAdvised));
    }

    @Override
    public void onTerminal(S2sFrame.Terminal terminal) {
      frames.add(terminal);
    }
  }

  @Test
  void randomSplitsIntoDirectBuffersDecodeLikeTheCopyingDecoderAndReleaseEverything() {
    Random random = new Random(5);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int size : new int[] {0, 1, 700, 5000, 70_000, 300_000}) {
      byte[] body = new byte[size];
      random.nextBytes(body);
      for (Compression compression : Compression.values()) {
        stream.writeBytes(S2sFrames.message(body, 0, size, compression, size == 700));
      }
      stream.writeBytes(S2sFrames.message(new byte[size], Compression.GZIP)); // compresses
    }
    stream.writeBytes(S2sFrames.terminal(503, "{\"code\":\"unavailable\"}"));
    byte[] bytes = stream.toByteArray();
    List<S2sFrame> expected = new S2sFrameDecoder().decode(bytes);

    for (int round = 0; round < 20; round++) {
      S2sFrameAssembler assembler = new S2sFrameAssembler();
      Collecting out = new Collecting();
      List<ByteBuf> chunks = new ArrayList<>();
      int i = 0;
      while (i < bytes.length) {
        int n = Math.min(bytes.length - i, 1 + random.nextInt(round < 10 ? 64 : 40_000));
        ByteBuf chunk = PooledByteBufAllocator.DEFAULT.directBuffer(n).writeBytes(bytes, i, n);
        assembler.decode(chunk, out);
        assertThat(chunk.isReadable()).isFalse();
        chunk.release(); // as the transport does after delivering it
        chunks.add(chunk);
        i += n;
      }
      assembler.finish();
      assertThat(out.frames).isEqualTo(expected);
      assertThat(chunks).allMatch(c -> c.refCnt() == 0, "released once decoded");
    }
  }

  @Test
  void readBatchesDecodeStraightFromTheRetainedSlices() {
    List<SequencedRecord> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(new SequencedRecord(i, 1000 + i,
          List.of(new Header(Bytes.utf8("hash"), Bytes.copyOf(new byte[] {(byte) i}))),
          Bytes.copyOf(new byte[900 + i])));
    }
    ReadBatch batch = ReadBatch.of(records, StreamPosition.of(300, 7));
    byte[] frame = S2sFrames.message(ProtoCodec.encode(batch), Compression.NONE);
    S2sFrameAssembler assembler = new S2sFrameAssembler();
    List<ReadBatch> decoded = new ArrayList<>();
    S2sFrameAssembler.Handler handler = new S2sFrameAssembler.Handler() {
      @Override
      public void onMessage(ByteBuf body, boolean reconnectAdvised) {
        assertThat(body.nioBufferCount()).isGreaterThan(1);
        decoded.add(ProtoCodec.decodeReadBatch(body));
      }

      @Override
      public void onTerminal(S2sFrame.Terminal terminal) {
        throw new AssertionError(terminal);
      }
    };
    for (int i = 0; i < frame.length; i += 16_384) {
      int n = Math.min(16_384, frame.length - i);
      ByteBuf chunk = Unpooled.directBuffer(n).writeBytes(frame, i, n);
      assembler.decode(chunk, handler);
      chunk.release();
      assertThat(chunk.refCnt()).isEqualTo(i + n < frame.length ? 1 : 0);
    }
    assertThat(decoded).containsExactly(batch);
  }

  @Test
  void closeReleasesAPartialFrameAndIgnoresLaterInput() {
    byte[] frame = S2sFrames.message(new byte[100], Compression.NONE);
    S2sFrameAssembler assembler = new S2sFrameAssembler();
    Collecting out = new Collecting();
    ByteBuf first = Unpooled.directBuffer().writeBytes(frame, 0, 50);
    assembler.decode(first, out);
    first.release();
    assertThat(first.refCnt()).isEqualTo(1);
    assembler.close();
    assertThat(first.refCnt()).isZero();
    ByteBuf rest = Unpooled.directBuffer().writeBytes(frame, 50, frame.length - 50);
    assembler.decode(rest, out);
    assertThat(rest.refCnt()).isEqualTo(1);
    rest.release();
    assertThat(out.frames).isEmpty();
    assembler.close();
  }

  @Test
  void malformedInputIsBadFrameAndReleasesWhatWasHeld() {
    ByteBuf partial = Unpooled.directBuffer()
        .writeBytes(S2sFrames.message(new byte[10], Compression.NONE), 0, 8);
    S2sFrameAssembler truncated = new S2sFrameAssembler();
    truncated.decode(partial, new Collecting());
    partial.release();
    assertBadFrame(truncated::finish, "truncated");
    assertThat(partial.refCnt()).isZero();

    for (String hex : List.of("000000", "ffffff00", "00000260ff", "000001" + "80")) {
      ByteBuf chunk = Unpooled.wrappedBuffer(HEX.parseHex(hex));
      assertBadFrame(() -> new S2sFrameAssembler().decode(chunk, new Collecting()), "");
    }

    ByteBuf afterTerminal = Unpooled.wrappedBuffer(
        S2sFrames.terminal(400, "{}"), S2sFrames.message(new byte[3], Compression.NONE));
    S2sFrameAssembler assembler = new S2sFrameAssembler();
    Collecting out = new Collecting();
    assertBadFrame(() -> assembler.decode(afterTerminal, out), "after the terminal");
    assertThat(out.frames).containsExactly(new S2sFrame.Terminal(400, "{}", false));
    assertBadFrame(
        () -> assembler.decode(Unpooled.wrappedBuffer(new byte[1]), out), "already failed");
  }

  private static void assertBadFrame(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String messagePart) {
    assertThatThrownBy(call)
        .hasMessageContaining(messagePart)
        .isInstanceOfSatisfying(
            S2Exception.class, e -> assertThat(e.errorCode()).contains(ErrorCode.BAD_FRAME));
  }
}

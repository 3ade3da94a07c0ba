package dev.s2reactive.core.internal.codec.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class S2sFramesTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void terminalFrameMatchesTheProtocolExample() {
    String json = "{\"seq_num_mismatch\":5}";
    byte[] frame = S2sFrames.terminal(412, json);
    byte[] expected =
        concat(HEX.parseHex("000019" + "80" + "019c"), json.getBytes(StandardCharsets.UTF_8));
    assertThat(frame).isEqualTo(expected);

    S2sFrameDecoder decoder = new S2sFrameDecoder();
    assertThat(decoder.decode(expected)).containsExactly(new S2sFrame.Terminal(412, json, false));
    decoder.finish();
  }

  @Test
  void uncompressedMessageLayout() {
    byte[] frame = S2sFrames.message(new byte[] {1, 2, 3}, Compression.ZSTD);
    assertThat(HEX.formatHex(frame)).isEqualTo("000004" + "00" + "010203");
    byte[] advised = S2sFrames.message(new byte[] {9}, 0, 1, Compression.NONE, true);
    assertThat(HEX.formatHex(advised)).isEqualTo("000002" + "10" + "09");
    assertThat(new S2sFrameDecoder().decode(advised))
        .containsExactly(new S2sFrame.Message(Bytes.copyOf(new byte[] {9}), true));
  }

  @Test
  void emptyMessageIsAFrameOfLengthOne() {
    byte[] frame = S2sFrames.message(new byte[0], Compression.GZIP);
    assertThat(HEX.formatHex(frame)).isEqualTo("00000100");
    assertThat(new S2sFrameDecoder().decode(frame))
        .containsExactly(new S2sFrame.Message(Bytes.EMPTY, false));
  }

  @ParameterizedTest
  @CsvSource({"ZSTD, 0x20", "GZIP, 0x40"})
  void bodiesBelowOneKibAreNeverCompressed(Compression compression, int compressedFlag) {
    byte[] small = new byte[1023];
    byte[] smallFrame = S2sFrames.message(small, compression);
    assertThat(smallFrame[3]).isEqualTo((byte) 0);
    assertThat(smallFrame).hasSize(4 + 1023);

    byte[] threshold = new byte[1024];
    byte[] thresholdFrame = S2sFrames.message(threshold, compression);
    assertThat(thresholdFrame[3]).isEqualTo((byte) compressedFlag);
    assertThat(thresholdFrame.length).isLessThan(4 + 1024);
    assertThat(decodeSingleMessage(thresholdFrame)).isEqualTo(threshold);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void roundTripsWhateverTheChunking(Compression compression) {
    Random random = new Random(11);
    List<byte[]> bodies = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int size : new int[] {0, 1, 500, 1023, 1024, 5000, 70_000, S2sFrames.MAX_BODY_SIZE}) {
      byte[] body = compressibleBytes(random, size);
      bodies.add(body);
      stream.writeBytes(S2sFrames.message(body, 0, size, compression, size == 500));
    }
    byte[] incompressible = new byte[4096];
    random.nextBytes(incompressible);
    bodies.add(incompressible);
    byte[] incompressibleFrame = S2sFrames.message(incompressible, compression);
    assertThat(incompressibleFrame[3]).as("kept uncompressed when that is smaller").isEqualTo((byte) 0);
    stream.writeBytes(incompressibleFrame);
    stream.writeBytes(S2sFrames.terminal(500, "{\"code\":\"storage\",\"message\":\"é\"}"));
    byte[] bytes = stream.toByteArray();

    for (int round = 0; round < 5; round++) {
      S2sFrameDecoder decoder = new S2sFrameDecoder();
      List<S2sFrame> frames = new ArrayList<>();
      int i = 0;
      while (i < bytes.length) {
        int n = Math.min(bytes.length - i, round == 0 ? bytes.length : 1 + random.nextInt(100_000));
        decoder.decode(bytes, i, n, frames::add);
        i += n;
      }
      decoder.finish();
      assertThat(frames).hasSize(bodies.size() + 1);
      for (int f = 0; f < bodies.size(); f++) {
        S2sFrame.Message message = (S2sFrame.Message) frames.get(f);
        assertThat(message.body().toByteArray()).isEqualTo(bodies.get(f));
        assertThat(message.reconnectAdvised()).isEqualTo(bodies.get(f).length == 500);
      }
      assertThat(frames.get(bodies.size()))
          .isEqualTo(new S2sFrame.Terminal(500, "{\"code\":\"storage\",\"message\":\"é\"}", false));
    }
  }

  @Test
  void everySplitOfSmallFramesDecodesTheSame() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(S2sFrames.message(new byte[] {1, 2}, Compression.NONE));
    stream.writeBytes(S2sFrames.message(new byte[0], Compression.NONE));
    stream.writeBytes(S2sFrames.message(new byte[2000], Compression.ZSTD));
    stream.writeBytes(S2sFrames.terminal(416, "{\"tail\":{\"seq_num\":1,\"timestamp\":2}}"));
    byte[] bytes = stream.toByteArray();
    List<S2sFrame> expected = new S2sFrameDecoder().decode(bytes);
    assertThat(expected).hasSize(4);
    for (int cut = 0; cut <= bytes.length; cut++) {
      S2sFrameDecoder decoder = new S2sFrameDecoder();
      List<S2sFrame> frames = new ArrayList<>();
      decoder.decode(bytes, 0, cut, frames::add);
      assertThat(decoder.isAtFrameBoundary() || frames.size() < 4).isTrue();
      decoder.decode(bytes, cut, bytes.length - cut, frames::add);
      decoder.finish();
      assertThat(frames).as("split at %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void decodesDirectByteBufsInPieces() {
    byte[] body = compressibleBytes(new Random(1), 10_000);
    byte[] frame = S2sFrames.message(body, Compression.GZIP);
    ByteBuf buf = Unpooled.directBuffer().writeBytes(frame);
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    List<S2sFrame> frames = new ArrayList<>();
    decoder.decode(buf.readSlice(2), frames::add);
    decoder.decode(buf.readSlice(5), frames::add);
    assertThat(frames).isEmpty();
    decoder.decode(buf, frames::add);
    assertThat(buf.isReadable()).isFalse();
    assertThat(((S2sFrame.Message) frames.get(0)).body().toByteArray()).isEqualTo(body);
    buf.release();
  }

  @Test
  void decoderRetainsNothingOfThePartialFrame() {
    byte[] frame = S2sFrames.message(new byte[100], Compression.NONE);
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    List<S2sFrame> frames = new ArrayList<>();
    ByteBuf first = Unpooled.directBuffer().writeBytes(frame, 0, 50);
    decoder.decode(first, frames::add);
    assertThat(first.release()).as("the decoder copied the bytes it needs").isTrue();
    ByteBuf rest = Unpooled.directBuffer().writeBytes(frame, 50, frame.length - 50);
    decoder.decode(rest, frames::add);
    assertThat(rest.release()).isTrue();
    assertThat(frames).containsExactly(new S2sFrame.Message(Bytes.copyOf(new byte[100]), false));
  }

  @Test
  void writesIntoByteBufs() {
    for (byte[] body : List.of(new byte[] {5, 6}, new byte[4000])) {
      ByteBuf out = Unpooled.buffer();
      S2sFrames.writeMessage(out, body, Compression.ZSTD, false);
      assertThat(ByteBufUtilBytes(out)).isEqualTo(S2sFrames.message(body, Compression.ZSTD));
      out.release();
    }
    ByteBuf out = Unpooled.buffer();
    S2sFrames.writeHeader(out, 3, true);
    assertThat(HEX.formatHex(ByteBufUtilBytes(out))).isEqualTo("00000410");
    out.release();
  }

  @Test
  void messageInPlaceReusesTheBufferWhenNotCompressing() {
    byte[] small = new byte[4 + 3];
    small[4] = 1;
    small[6] = 3;
    byte[] frame = S2sFrames.messageInPlace(small, Compression.ZSTD, false);
    assertThat(frame).isSameAs(small);
    assertThat(HEX.formatHex(frame)).isEqualTo("000004" + "00" + "010003");

    byte[] large = new byte[4 + 5000];
    byte[] compressed = S2sFrames.messageInPlace(large, Compression.GZIP, true);
    assertThat(compressed[3]).isEqualTo((byte) 0x50);
    assertThat(decodeSingleMessage(compressed)).isEqualTo(new byte[5000]);
  }

  @Test
  void largestFrameIsAcceptedAndOneMoreByteIsNot() {
    byte[] largest = S2sFrames.message(new byte[S2sFrames.MAX_BODY_SIZE], Compression.NONE);
    assertThat(HEX.formatHex(largest, 0, 4)).isEqualTo("20000000");
    assertThat(decodeSingleMessage(largest)).hasSize(S2sFrames.MAX_BODY_SIZE);

    assertThatThrownBy(() -> S2sFrames.message(new byte[S2sFrames.MAX_BODY_SIZE + 1], Compression.NONE))
        .isInstanceOf(IllegalArgumentException.class);
    // The header alone is enough to reject an oversized frame: nothing is allocated for it.
    assertBadFrame(() -> new S2sFrameDecoder().decode(HEX.parseHex("20000100")), "exceeds");
    assertBadFrame(() -> new S2sFrameDecoder().decode(HEX.parseHex("ffffff00")), "exceeds");
  }

  @Test
  void malformedHeadersAreBadFrame() {
    assertBadFrame(() -> new S2sFrameDecoder().decode(HEX.parseHex("000000")), "zero-length");
    assertBadFrame(() -> new S2sFrameDecoder().decode(HEX.parseHex("00000260ff")), "compression");
    assertBadFrame(() -> new S2sFrameDecoder().decode(HEX.parseHex("000001" + "80")), "terminal");
    assertBadFrame(() -> new S2sFrameDecoder().decode(HEX.parseHex("000002" + "80" + "01")), "terminal");
  }

  @Test
  void reservedBitsAreIgnored() {
    assertThat(new S2sFrameDecoder().decode(HEX.parseHex("0000020f07")))
        .containsExactly(new S2sFrame.Message(Bytes.copyOf(new byte[] {7}), false));
  }

  @Test
  void truncatedFramesFailAtTheEndOfTheStream() {
    byte[] frame = S2sFrames.message(new byte[] {1, 2, 3, 4}, Compression.NONE);
    for (int length = 1; length < frame.length; length++) {
      S2sFrameDecoder decoder = new S2sFrameDecoder();
      assertThat(decoder.decode(Arrays.copyOf(frame, length))).isEmpty();
      assertThat(decoder.isAtFrameBoundary()).isFalse();
      assertBadFrame(decoder::finish, "truncated");
    }
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    decoder.decode(frame);
    decoder.finish();
  }

  @Test
  void dataAfterTheTerminalFrameIsRejected() {
    byte[] bytes = concat(S2sFrames.terminal(400, "{}"), S2sFrames.message(new byte[1], Compression.NONE));
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    List<S2sFrame> frames = new ArrayList<>();
    assertBadFrame(() -> decoder.decode(bytes, frames::add), "after the terminal");
    assertThat(frames).containsExactly(new S2sFrame.Terminal(400, "{}", false));
    assertBadFrame(() -> decoder.decode(new byte[1]), "already failed");
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"ZSTD", "GZIP"})
  void decompressionBombsAreStoppedAtTheLimit(Compression compression) throws IOException {
    byte[] huge = new byte[S2sFrames.MAX_BODY_SIZE + 1];
    byte[] compressed =
        compression == Compression.ZSTD ? Zstd.compress(huge) : gzip(huge);
    assertThat(compressed.length).isLessThan(10_000);
    byte[] frame = rawFrame(compression.bits() << 5, compressed);
    assertBadFrame(() -> new S2sFrameDecoder().decode(frame), "exceeds");

    // Exactly at the limit is fine.
    byte[] atLimit = new byte[S2sFrames.MAX_BODY_SIZE];
    byte[] okCompressed =
        compression == Compression.ZSTD ? Zstd.compress(atLimit) : gzip(atLimit);
    assertThat(decodeSingleMessage(rawFrame(compression.bits() << 5, okCompressed))).hasSize(atLimit.length);
  }

  @Test
  void zstdWithoutDeclaredSizeIsBoundedToo() throws IOException {
    byte[] ok = compressibleBytes(new Random(2), 100_000);
    assertThat(decodeSingleMessage(rawFrame(0x20, zstdStream(ok)))).isEqualTo(ok);
    byte[] bomb = zstdStream(new byte[5 * 1024 * 1024]);
    assertBadFrame(() -> new S2sFrameDecoder().decode(rawFrame(0x20, bomb)), "exceeds");
  }

  @Test
  void zstdFrameThatLiesAboutItsSizeIsBounded() {
    // Two concatenated zstd frames: the first header declares only its own size.
    byte[] first = Zstd.compress(new byte[2000]);
    byte[] second = Zstd.compress(new byte[3000]);
    assertThat(decodeSingleMessage(rawFrame(0x20, concat(first, second)))).hasSize(5000);
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"ZSTD", "GZIP"})
  void corruptCompressedBodiesAreBadFrame(Compression compression) {
    byte[] frame = S2sFrames.message(new byte[5000], compression);
    assertThat(frame[3]).isNotEqualTo((byte) 0);
    byte[] corrupt = frame.clone();
    for (int i = 6; i < corrupt.length; i++) {
      corrupt[i] ^= (byte) 0x5A;
    }
    assertBadFrame(() -> new S2sFrameDecoder().decode(corrupt), "decompress");
    byte[] truncated = rawFrame(compression.bits() << 5, Arrays.copyOfRange(frame, 4, frame.length - 3));
    assertThatThrownBy(() -> new S2sFrameDecoder().decode(truncated))
        .isInstanceOfSatisfying(S2Exception.class, e -> assertThat(e.code()).isEqualTo("bad_frame"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "NULL|NONE",
        "''|NONE",
        "identity|NONE",
        "gzip|GZIP",
        "gzip, deflate, br|GZIP",
        "br;q=1.0, zstd;q=0.1, gzip|ZSTD",
        "GZIP , ZSTD|ZSTD",
        "zstd;q=0|ZSTD",
        "x-gzip, *|NONE",
        "deflate,gzip;q=0.5|GZIP",
      })
  void compressionFromAcceptEncoding(String header, Compression expected) {
    assertThat(Compression.fromAcceptEncoding(header)).isEqualTo(expected);
  }

  private static byte[] decodeSingleMessage(byte[] frame) {
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    List<S2sFrame> frames = decoder.decode(frame);
    decoder.finish();
    assertThat(frames).hasSize(1);
    return ((S2sFrame.Message) frames.get(0)).body().toByteArray();
  }

  private static void assertBadFrame(ThrowingCallable call, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            S2Exception.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.errorCode()).contains(ErrorCode.BAD_FRAME);
              assertThat(e.isRetryable()).isFalse();
            })
        .hasMessageContaining(messagePart);
  }

  private static byte[] rawFrame(int flag, byte[] body) {
    byte[] frame = new byte[4 + body.length];
    int length = body.length + 1;
    frame[0] = (byte) (length >>> 16);
    frame[1] = (byte) (length >>> 8);
    frame[2] = (byte) length;
    frame[3] = (byte) flag;
    System.arraycopy(body, 0, frame, 4, body.length);
    return frame;
  }

  /** Text-like bytes that compress well. */
  private static byte[] compressibleBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) ('a' + random.nextInt(4));
    }
    return bytes;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  /** A zstd stream whose frame header does not declare the content size. */
  private static byte[] zstdStream(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStream zstd = new ZstdOutputStream(out)) {
      for (int i = 0; i < bytes.length; i += 8192) {
        zstd.write(bytes, i, Math.min(8192, bytes.length - i));
      }
    }
    byte[] compressed = out.toByteArray();
    assertThat(Zstd.getFrameContentSize(compressed)).isEqualTo(-1L);
    return compressed;
  }

  private static byte[] ByteBufUtilBytes(ByteBuf buf) {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), bytes);
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}

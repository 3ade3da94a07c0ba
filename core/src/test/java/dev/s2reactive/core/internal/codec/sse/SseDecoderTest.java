package dev.s2reactive.core.internal.codec.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.S2Exception;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseDecoderTest {

  private static final String PROTOCOL_EXAMPLE =
      "event: batch\n"
          + "id: 7,3,27\n"
          + "data: {\"records\":[{\"seq_num\":5,\"timestamp\":1724000000000,\"body\":\"a\"},"
          + "{\"seq_num\":6,\"timestamp\":1724000000000,\"body\":\"b\"},"
          + "{\"seq_num\":7,\"timestamp\":1724000000001,\"body\":\"c\"}],"
          + "\"tail\":{\"seq_num\":8,\"timestamp\":1724000000001}}\n"
          + "\n"
          + "event: ping\n"
          + "data: {\"timestamp\":1724000012345,\"tail\":{\"seq_num\":8,\"timestamp\":1724000000001}}\n"
          + "\n"
          + "data: [DONE]\n"
          + "\n";

  @Test
  void decodesTheProtocolExampleStream() {
    List<SseEvent> events = decodeAll(bytes(PROTOCOL_EXAMPLE));

    assertThat(events).hasSize(3);
    SseEvent batch = events.get(0);
    assertThat(batch.type()).isEqualTo("batch");
    assertThat(batch.id()).contains("7,3,27");
    assertThat(LastEventId.parse(batch.id().orElseThrow())).isEqualTo(new LastEventId(7, 3, 27));
    assertThat(batch.data()).startsWith("{\"records\":[{\"seq_num\":5,").endsWith("1724000000001}}");
    assertThat(events.get(1))
        .isEqualTo(
            SseEvent.of(
                "ping",
                "{\"timestamp\":1724000012345,\"tail\":{\"seq_num\":8,\"timestamp\":1724000000001}}"));
    assertThat(events.get(2).isDone()).isTrue();
    assertThat(events.get(2).id()).isEmpty();
    assertThat(events.get(0).isDone()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void everyLineEndingGivesTheSameEvents(String eol) {
    String stream = PROTOCOL_EXAMPLE.replace("\n", eol);
    assertThat(decodeAll(bytes(stream))).isEqualTo(decodeAll(bytes(PROTOCOL_EXAMPLE)));
    assertEverySplitDecodesTo(bytes(stream), decodeAll(bytes(PROTOCOL_EXAMPLE)));
  }

  @Test
  void crlfSplitBetweenChunksIsOneLineEnding() {
    SseDecoder decoder = new SseDecoder();
    List<SseEvent> events = new ArrayList<>();
    decoder.decode(bytes("data: a\r"), events::add);
    decoder.decode(bytes("\ndata: b\r"), events::add);
    decoder.decode(bytes("\n\r"), events::add);
    decoder.decode(bytes("\n"), events::add);
    assertThat(events).containsExactly(SseEvent.of("message", "a\nb"));
  }

  @Test
  void multiLineDataCommentsRetryAndUnknownFields() {
    String stream =
        ": a comment\n"
            + "retry: 1000\n"
            + "event: batch\n"
            + "foo: bar\n"
            + "data: line one\n"
            + ":another comment\n"
            + "data:line two\n"
            + "data\n"
            + "data:  leading space kept\n"
            + "id: 1,2,3\n"
            + "\n";
    assertThat(decodeAll(bytes(stream)))
        .containsExactly(
            SseEvent.of("batch", "1,2,3", "line one\nline two\n\n leading space kept"));
  }

  @Test
  void eventWithoutDataIsNotDispatchedAndItsFieldsDoNotLeak() {
    String stream = "event: ping\nid: 9\n\ndata: x\n\n\n\n";
    assertThat(decodeAll(bytes(stream))).containsExactly(SseEvent.of("message", "x"));
  }

  @Test
  void emptyDataLineIsAnEventWithEmptyData() {
    assertThat(decodeAll(bytes("data:\n\n"))).containsExactly(SseEvent.of("message", ""));
  }

  @Test
  void idsAreNotInheritedAndIdsWithNulAreIgnored() {
    String stream = "id: 1\ndata: a\n\ndata: b\n\nid: x\u0000y\ndata: c\n\n";
    assertThat(decodeAll(bytes(stream)))
        .containsExactly(
            SseEvent.of("message", "1", "a"), SseEvent.of("message", "b"), SseEvent.of("message", "c"));
  }

  @Test
  void leadingBomIsSkippedEvenWhenSplit() {
    byte[] stream = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes("data: é\n\n"));
    assertThat(decodeAll(stream)).containsExactly(SseEvent.of("message", "é"));
    assertEverySplitDecodesTo(stream, List.of(SseEvent.of("message", "é")));
  }

  @Test
  void bomIsOnlySkippedAtTheStart() {
    // A BOM later in the stream is part of the field name, which is then unknown.
    byte[] stream =
        concat(bytes("data: a\n\n"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    stream = concat(stream, bytes("data: b\n\n"));
    assertThat(decodeAll(stream)).containsExactly(SseEvent.of("message", "a"));
  }

  @Test
  void partialBomIsContent() {
    byte[] stream = concat(new byte[] {(byte) 0xEF, (byte) 0xBB}, bytes("data: b\n\ndata: c\n\n"));
    // The first line's field name is garbage, so only the second event has known fields.
    assertThat(decodeAll(stream)).containsExactly(SseEvent.of("message", "c"));
  }

  @Test
  void incompleteEventAtEndIsNotDispatched() {
    assertThat(decodeAll(bytes("data: a\n\ndata: b\n"))).containsExactly(SseEvent.of("message", "a"));
  }

  @Test
  void invalidUtf8BecomesReplacementCharacters() {
    byte[] stream = concat(bytes("data: a"), new byte[] {(byte) 0xFF});
    stream = concat(stream, bytes("\n\n"));
    assertThat(decodeAll(stream)).containsExactly(SseEvent.of("message", "a\uFFFD"));
  }

  @Test
  void eventSizeIsBounded() {
    SseDecoder decoder = new SseDecoder(100);
    List<SseEvent> events = new ArrayList<>();
    decoder.decode(bytes("data: " + "x".repeat(80) + "\n\n"), events::add);
    assertThat(events).hasSize(1);
    // Many data lines: the accumulated data passes the bound.
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 10; i++) {
                decoder.decode(bytes("data: " + "y".repeat(20) + "\n"), events::add);
              }
            })
        .isInstanceOfSatisfying(
            S2Exception.class, e -> assertThat(e.code()).isEqualTo("bad_frame"));
  }

  @Test
  void unterminatedLineIsBounded() {
    SseDecoder decoder = new SseDecoder(1000);
    byte[] chunk = bytes("data: " + "z".repeat(100));
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 20; i++) {
                decoder.decode(chunk, e -> {});
              }
            })
        .isInstanceOf(S2Exception.class)
        .hasMessageContaining("1000");
  }

  @Test
  void commentsDoNotCountTowardsTheBound() {
    SseDecoder decoder = new SseDecoder(64);
    List<SseEvent> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      decoder.decode(bytes(": keep-alive " + i + "\n"), events::add);
    }
    decoder.decode(bytes("data: ok\n\n"), events::add);
    assertThat(events).containsExactly(SseEvent.of("message", "ok"));
  }

  @Test
  void decodesHeapAndDirectByteBufs() {
    byte[] stream = bytes(PROTOCOL_EXAMPLE);
    List<SseEvent> expected = decodeAll(stream);
    for (ByteBuf buf :
        List.of(Unpooled.wrappedBuffer(stream), Unpooled.directBuffer().writeBytes(stream))) {
      SseDecoder decoder = new SseDecoder();
      List<SseEvent> events = new ArrayList<>();
      int half = stream.length / 2;
      ByteBuf first = buf.retainedSlice(0, half);
      ByteBuf second = buf.retainedSlice(half, stream.length - half);
      decoder.decode(first, events::add);
      decoder.decode(second, events::add);
      assertThat(first.isReadable()).isFalse();
      assertThat(events).isEqualTo(expected);
      first.release();
      second.release();
      buf.release();
    }
  }

  /** Random event sequences, serialized with random formatting, split anywhere. */
  @Test
  void randomStreamsDecodeToTheSameEventsWhateverTheChunking() {
    Random random = new Random(20261127);
    for (int round = 0; round < 60; round++) {
      List<SseEvent> events = randomEvents(random);
      byte[] stream = serialize(events, random);
      assertThat(decodeAll(stream)).as("round %d", round).isEqualTo(events);
      if (round < 15) {
        assertEverySplitDecodesTo(stream, events);
      }
      for (int k = 0; k < 30; k++) {
        assertThat(decodeInRandomChunks(stream, random)).as("round %d", round).isEqualTo(events);
      }
    }
  }

  @Test
  void encoderOutputRoundTripsThroughTheDecoder() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<SseEvent> events = randomEvents(random);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (SseEvent event : events) {
        out.writeBytes(SseEncoder.encode(event));
      }
      assertThat(decodeInRandomChunks(out.toByteArray(), random)).isEqualTo(events);
    }
  }

  private static List<SseEvent> randomEvents(Random random) {
    int n = random.nextInt(8);
    List<SseEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String type =
          switch (random.nextInt(5)) {
            case 0 -> SseEvent.DEFAULT_TYPE;
            case 1 -> "batch";
            case 2 -> "ping";
            case 3 -> "error";
            default -> "t" + randomText(random, 6, false);
          };
      Optional<String> id =
          random.nextBoolean()
              ? Optional.of(random.nextInt(1000) + "," + random.nextInt(10) + "," + random.nextInt(99))
              : Optional.empty();
      int lines = 1 + random.nextInt(4);
      List<String> dataLines = new ArrayList<>();
      for (int l = 0; l < lines; l++) {
        dataLines.add(randomText(random, random.nextInt(4) == 0 ? 300 : 20, true));
      }
      events.add(new SseEvent(type, id, String.join("\n", dataLines)));
    }
    if (random.nextBoolean()) {
      events.add(SseEvent.of(SseEvent.DEFAULT_TYPE, SseEvent.DONE_DATA));
    }
    return events;
  }

  /** Text without CR/LF/NUL; may contain colons, spaces and non-ASCII characters. */
  private static String randomText(Random random, int maxLength, boolean rich) {
    String alphabet = rich ? "ab z:{}\",[]é€日\uD83D\uDE00 09" : "abcxyz";
    StringBuilder sb = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** An independent serializer with random but equivalent formatting choices. */
  private static byte[] serialize(List<SseEvent> events, Random random) {
    StreamWriter out = new StreamWriter(random);
    if (random.nextInt(4) == 0) {
      out.raw(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    for (SseEvent event : events) {
      List<String> lines = new ArrayList<>();
      if (!event.type().equals(SseEvent.DEFAULT_TYPE) || random.nextBoolean()) {
        lines.add("event: " + event.type());
      }
      event.id().ifPresent(id -> lines.add((random.nextBoolean() ? "id: " : "id:") + id));
      for (String data : event.data().split("\n", -1)) {
        boolean noSpace = !data.startsWith(" ") && random.nextBoolean();
        lines.add((noSpace ? "data:" : "data: ") + data);
      }
      for (int extras = random.nextInt(3); extras > 0; extras--) {
        String extra =
            switch (random.nextInt(3)) {
              case 0 -> ":" + randomText(random, 10, true);
              case 1 -> "retry: " + random.nextInt(5000);
              default -> "unknown-field: x";
            };
        lines.add(random.nextInt(lines.size() + 1), extra);
      }
      for (String line : lines) {
        out.line(line);
      }
      out.line("");
      if (random.nextInt(5) == 0) {
        out.line(": between events");
      }
    }
    return out.toByteArray();
  }

  private static final class StreamWriter {
    private static final String[] ENDINGS = {"\n", "\r\n", "\r"};
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Random random;
    private final int mode; // 0..2: one ending for the whole stream; 3: mixed
    private boolean lastWasCr;

    StreamWriter(Random random) {
      this.random = random;
      this.mode = random.nextInt(4);
    }

    void raw(byte[] bytes) {
      out.writeBytes(bytes);
    }

    void line(String line) {
      out.writeBytes(bytes(line));
      String ending = mode < 3 ? ENDINGS[mode] : ENDINGS[random.nextInt(3)];
      // After a CR, an empty line ended by LF would read as one CRLF: avoid that ambiguity.
      if (mode == 3 && lastWasCr && line.isEmpty() && ending.equals("\n")) {
        ending = "\r";
      }
      out.writeBytes(bytes(ending));
      lastWasCr = ending.equals("\r");
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  private static void assertEverySplitDecodesTo(byte[] stream, List<SseEvent> expected) {
    for (int cut = 0; cut <= stream.length; cut++) {
      SseDecoder decoder = new SseDecoder();
      List<SseEvent> events = new ArrayList<>();
      decoder.decode(stream, 0, cut, events::add);
      decoder.decode(stream, cut, stream.length - cut, events::add);
      assertThat(events).as("split at %d", cut).isEqualTo(expected);
    }
  }

  private static List<SseEvent> decodeInRandomChunks(byte[] stream, Random random) {
    SseDecoder decoder = new SseDecoder();
    List<SseEvent> events = new ArrayList<>();
    int i = 0;
    while (i < stream.length) {
      int n = random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(Math.max(1, stream.length / 3));
      n = Math.min(n, stream.length - i);
      // Copy the chunk so the decoder cannot depend on bytes outside it.
      decoder.decode(Arrays.copyOfRange(stream, i, i + n), events::add);
      i += n;
    }
    return events;
  }

  private static List<SseEvent> decodeAll(byte[] stream) {
    return new SseDecoder().decode(stream);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}

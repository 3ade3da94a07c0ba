package dev.s2reactive.core.internal.codec.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.model.StreamPosition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseEncoderTest {

  @Test
  void batchEvent() {
    byte[] json = "{\"records\":[{\"seq_num\":7,\"timestamp\":1,\"body\":\"c\"}]}".getBytes(UTF8);
    assertThat(text(SseEncoder.batch(new LastEventId(7, 3, 27), json)))
        .isEqualTo(
            "event: batch\nid: 7,3,27\ndata: {\"records\":[{\"seq_num\":7,\"timestamp\":1,\"body\":\"c\"}]}\n\n");
  }

  @Test
  void batchWrittenIntoAByteBufMatchesTheArrayForm() {
    byte[] json = "{\"records\":[]}".getBytes(UTF8);
    ByteBuf out = Unpooled.buffer(4);
    SseEncoder.writeBatch(out, new LastEventId(-1, 2, 3), json);
    assertThat(out.toString(UTF8))
        .isEqualTo(text(SseEncoder.batch(new LastEventId(-1, 2, 3), json)))
        .startsWith("event: batch\nid: 18446744073709551615,2,3\n");
    out.release();
  }

  @Test
  void pingEventWithTail() {
    assertThat(text(SseEncoder.ping(1724000012345L, StreamPosition.of(8, 1724000000001L))))
        .isEqualTo(
            "event: ping\ndata: {\"timestamp\":1724000012345,"
                + "\"tail\":{\"seq_num\":8,\"timestamp\":1724000000001}}\n\n");
  }

  @Test
  void errorEvent() {
    assertThat(text(SseEncoder.error("{\"code\":\"storage\",\"message\":\"disk é\"}")))
        .isEqualTo("event: error\ndata: {\"code\":\"storage\",\"message\":\"disk é\"}\n\n");
  }

  @Test
  void doneEventHasNoEventLine() {
    assertThat(text(SseEncoder.done())).isEqualTo("data: [DONE]\n\n");
    SseEvent decoded = new SseDecoder().decode(SseEncoder.done()).get(0);
    assertThat(decoded.isDone()).isTrue();
    assertThat(decoded.type()).isEqualTo("message");
  }

  @Test
  void dataWithLineBreaksBecomesSeveralDataLines() {
    byte[] encoded = SseEncoder.error("a\nb\r\nc\rd");
    assertThat(text(encoded)).isEqualTo("event: error\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    assertThat(new SseDecoder().decode(encoded)).containsExactly(SseEvent.of("error", "a\nb\nc\nd"));
  }

  @Test
  void fieldsWithLineBreaksAreRejected() {
    assertThatThrownBy(() -> SseEncoder.encode(SseEvent.of("a\nb", "x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, UTF8);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}

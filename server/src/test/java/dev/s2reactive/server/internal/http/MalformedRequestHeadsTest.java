package dev.s2reactive.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http2.DefaultHttp2SettingsFrame;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link MalformedRequestHeads} behind a real HTTP/1.1 codec on an embedded channel. */
class MalformedRequestHeadsTest {

  private static EmbeddedChannel channel() {
    EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(1024, 2048, 8192));
    MalformedRequestHeads.install(
        channel.pipeline(),
        new HttpLimits(
            1024,
            2048,
            HttpLimits.defaults().idleTimeout(),
            HttpLimits.defaults().requestHeadTimeout(),
            HttpLimits.defaults().unaryBodyTimeout()));
    return channel;
  }

  private static String written(EmbeddedChannel channel) {
    StringBuilder out = new StringBuilder();
    for (ByteBuf bytes; (bytes = channel.readOutbound()) != null; ) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.release();
    }
    return out.toString();
  }

  @Test
  void tooLongRequestLineIsAnswered414AndTheConnectionClosed() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(
        Unpooled.copiedBuffer(
            "GET /" + "a".repeat(2000) + " HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));
    String body =
        "{\"code\":\"bad_path\",\"message\":\"request line exceeds the limit of 1024 bytes\"}";
    assertThat(written(channel))
        .startsWith("HTTP/1.1 414 ")
        .containsIgnoringCase("content-type: application/json\r\n")
        .containsIgnoringCase("content-length: " + body.length() + "\r\n")
        .containsIgnoringCase("connection: close\r\n")
        .endsWith("\r\n\r\n" + body);
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void failedRequestIsReleasedAndNotPassedOn() {
    EmbeddedChannel channel = channel();
    DefaultFullHttpRequest failed =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", Unpooled.buffer(4));
    failed.setDecoderResult(DecoderResult.failure(new TooLongHttpHeaderException("too long")));
    channel.pipeline().context(HttpServerCodec.class).fireChannelRead(failed);
    assertThat(failed.refCnt()).isZero();
    String body =
        "{\"code\":\"bad_header\",\"message\":\"request headers exceed the limit of 2048 bytes\"}";
    assertThat(written(channel)).startsWith("HTTP/1.1 431 ").endsWith("\r\n\r\n" + body);
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void wellFormedRequestPassesThroughUntouched() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(
        Unpooled.copiedBuffer(
            "GET /v1/basins HTTP/1.1\r\nhost: x\r\n\r\n", StandardCharsets.US_ASCII));
    HttpRequest request = channel.readInbound();
    assertThat(request.decoderResult().isSuccess()).isTrue();
    assertThat(request.uri()).isEqualTo("/v1/basins");
    LastHttpContent end = channel.readInbound();
    end.release();
    assertThat(written(channel)).isEmpty();
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void removesItselfAtTheFirstHttp2Frame() {
    EmbeddedChannel channel = channel();
    DefaultHttp2SettingsFrame settings =
        new DefaultHttp2SettingsFrame(Http2Settings.defaultSettings());
    channel.pipeline().context(HttpServerCodec.class).fireChannelRead(settings);
    assertThat((Object) channel.readInbound()).isSameAs(settings);
    assertThat(channel.pipeline().get(MalformedRequestHeads.NAME)).isNull();
  }
}

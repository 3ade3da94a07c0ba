package dev.s2reactive.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ConnectionGuard} on an embedded channel with a virtual clock. */
class ConnectionGuardTest {

  private static final HttpLimits LIMITS =
      HttpLimits.defaults()
          .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(60));

  private static EmbeddedChannel channel() {
    EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec());
    ConnectionGuard.install(channel.pipeline(), LIMITS);
    return channel;
  }

  private static void advance(EmbeddedChannel channel, long seconds) {
    channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
  }

  private static void read(EmbeddedChannel channel, String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
  }

  @Test
  void idleConnectionIsClosedAfterTheIdleTimeout() {
    EmbeddedChannel channel = channel();
    advance(channel, 9);
    assertThat(channel.isOpen()).isTrue();
    advance(channel, 2);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void incompleteHeadIsClosedAfterTheHeadTimeoutEvenIfBytesKeepComing() {
    EmbeddedChannel channel = channel();
    read(channel, "GET / HTTP/1.1\r\n");
    for (int i = 0; i < 2; i++) {
      advance(channel, 1);
      read(channel, "x-" + i + ": y\r\n");
    }
    assertThat(channel.isOpen()).isTrue();
    advance(channel, 2);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void requestInProgressIsNeverCutAndIdleClockRestartsAfterTheResponse() {
    EmbeddedChannel channel = channel();
    read(channel, "POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n");
    advance(channel, 3600);
    assertThat(channel.isOpen()).isTrue();

    // 100 Continue does not end the exchange.
    channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.CONTINUE));
    advance(channel, 3600);
    assertThat(channel.isOpen()).isTrue();

    DefaultHttpResponse response =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    channel.writeOutbound(response, LastHttpContent.EMPTY_LAST_CONTENT);
    advance(channel, 9);
    assertThat(channel.isOpen()).isTrue();
    advance(channel, 2);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void guardRemovesItselfOnceTheConnectionIsNoLongerHttp11() {
    EmbeddedChannel channel = channel();
    assertThat(channel.pipeline().get(ConnectionGuard.BYTES)).isNotNull();
    // An h2c upgrade replaces the HTTP/1.1 codec.
    channel.pipeline().remove(HttpServerCodec.class);
    advance(channel, 11);
    assertThat(channel.isOpen()).isTrue();
    assertThat(channel.pipeline().get(ConnectionGuard.BYTES)).isNull();
    assertThat(channel.pipeline().get(ConnectionGuard.MESSAGES)).isNull();
  }
}

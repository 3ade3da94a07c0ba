package dev.s2reactive.server.internal.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.internal.codec.sse.SseDecoder;
import dev.s2reactive.core.internal.codec.sse.SseEvent;
import dev.s2reactive.server.internal.engine.ActiveStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.netty.http.HttpProtocol;

/** A client that goes away cancels its read session: the stream loses that live follower. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DisconnectTest {

  private static RecordsServer server;

  @BeforeAll
  static void start() {
    server = new RecordsServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The number of live followers of a stream (engine internals, read reflectively). */
  private static IntSupplier followers(ActiveStream stream) throws Exception {
    Field field = ActiveStream.class.getDeclaredField("followers");
    field.setAccessible(true);
    Object registry = field.get(stream);
    Method size = registry.getClass().getDeclaredMethod("size");
    size.setAccessible(true);
    return () -> {
      try {
        return (int) size.invoke(registry);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    };
  }

  private static void awaitFollowers(IntSupplier followers, int expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (followers.getAsInt() != expected) {
      assertThat(System.nanoTime() - deadline).as("followers never became " + expected)
          .isNegative();
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @ParameterizedTest
  @EnumSource(HttpClient.Version.class)
  void closingAnSseResponseEndsTheSession(HttpClient.Version version) throws Exception {
    String name = "disconnect-sse-" + version;
    ActiveStream stream = server.create(RecordsServer.BASIN, name);
    IntSupplier followers = followers(stream);
    HttpResponse<InputStream> response = HttpClient.newBuilder().version(version).build().send(
        HttpRequest.newBuilder(URI.create(server.base() + "/v1/streams/" + name + "/records"))
            .header("s2-basin", RecordsServer.BASIN)
            .header("accept", "text/event-stream")
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
    SseDecoder decoder = new SseDecoder();
    List<SseEvent> events = new ArrayList<>();
    byte[] buffer = new byte[1024];
    while (events.isEmpty()) {
      int n = response.body().read(buffer);
      assertThat(n).isPositive();
      decoder.decode(buffer, 0, n, events::add);
    }
    assertThat(events.get(0).type()).isEqualTo("ping");
    assertThat(followers.getAsInt()).isEqualTo(1);
    response.body().close();
    awaitFollowers(followers, 0);
  }

  @Test
  void closingAnS2sReadSessionEndsTheSession() throws Exception {
    String name = "disconnect-s2s";
    ActiveStream stream = server.create(RecordsServer.BASIN, name);
    IntSupplier followers = followers(stream);
    Disposable session = reactor.netty.http.client.HttpClient.create()
        .protocol(HttpProtocol.H2C)
        .baseUrl(server.base())
        .headers(h -> h.set("s2-basin", RecordsServer.BASIN).set("content-type", "s2s/proto"))
        .get()
        .uri("/v1/streams/" + name + "/records")
        .responseContent()
        .subscribe();
    awaitFollowers(followers, 1);
    session.dispose();
    awaitFollowers(followers, 0);
  }

  @Test
  void closingTheConnectionOfALongPollEndsIt() throws Exception {
    String name = "disconnect-poll";
    ActiveStream stream = server.create(RecordsServer.BASIN, name);
    IntSupplier followers = followers(stream);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /v1/streams/" + name + "/records?seq_num=0&wait=60 HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\ns2-basin: " + RecordsServer.BASIN + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      awaitFollowers(followers, 1);
    }
    awaitFollowers(followers, 0);
  }
}

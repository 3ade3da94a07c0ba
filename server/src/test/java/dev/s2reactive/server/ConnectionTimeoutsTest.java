package dev.s2reactive.server;

import static dev.s2reactive.server.ServerHarness.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.internal.http.HttpLimits;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Half-sent requests, slowloris heads and idle connections against a server with short timeouts:
 * each is cut off, a request in progress is not, and other clients are served throughout.
 */
class ConnectionTimeoutsTest {

  private static final Duration IDLE = Duration.ofMillis(400);
  private static final Duration HEAD = Duration.ofMillis(400);
  private static final Duration BODY = Duration.ofMillis(1500);

  private static ServerHarness h;

  @BeforeAll
  static void start() {
    h = ServerHarness.start(HttpLimits.defaults().withTimeouts(IDLE, HEAD, BODY));
    h.createBasin("timeouts-basin");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static void write(Socket socket, String text) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Test
  void halfSentBodyGets408AndTheConnectionIsClosed() throws Exception {
    try (Socket socket = h.socket()) {
      write(socket, h.head("POST", "/v1/basins", "content-type: application/json",
          "content-length: 100") + "{\"basin\":");
      ServerHarness.Raw response = ServerHarness.readResponse(socket.getInputStream());
      assertThat(response.status()).isEqualTo(408);
      assertThat(response.bodyText()).isEqualTo(
          "{\"code\":\"request_timeout\",\"message\":\"Timed out waiting for the request body\"}");
      assertThat(response.closed()).isTrue();
      assertThat(ServerHarness.closedByServer(socket)).isTrue();
    }
    assertStatus(h.send(h.get("/v1/basins/timeouts-basin")), 200);
  }

  @Test
  void slowlorisHeadIsCutOff() throws Exception {
    try (Socket socket = h.socket()) {
      write(socket, "GET /v1/basins HTTP/1.1\r\n");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      boolean cut = false;
      // Trickle one header line at a time, each well within the idle timeout.
      for (int i = 0; System.nanoTime() < deadline && !cut; i++) {
        try {
          write(socket, "x-slow-" + i + ": v\r\n");
        } catch (java.io.IOException e) {
          cut = true;
          break;
        }
        assertStatus(h.send(h.get("/v1/basins/timeouts-basin")), 200);
        socket.setSoTimeout(100);
        try {
          cut = socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
          // Not closed yet.
        } catch (java.io.IOException reset) {
          cut = true;
        }
      }
      assertThat(cut).as("slow head still open after 10 s").isTrue();
    }
  }

  @Test
  void idleConnectionsAreClosedWhileOthersAreServed() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        idle.add(h.socket());
      }
      // A finished exchange leaves an idle keep-alive connection too.
      Socket used = h.socket();
      idle.add(used);
      write(used, h.head("GET", "/v1/basins/timeouts-basin"));
      assertThat(ServerHarness.readResponse(used.getInputStream()).status()).isEqualTo(200);

      assertStatus(h.send(h.get("/v1/basins/timeouts-basin")), 200);
      for (Socket socket : idle) {
        socket.setSoTimeout(10_000);
        assertThat(ServerHarness.closedByServer(socket)).isTrue();
      }
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
    assertStatus(h.send(h.get("/v1/basins/timeouts-basin")), 200);
  }

  @Test
  void h2cPriorKnowledgeConnectionsStillWork() throws Exception {
    reactor.netty.http.client.HttpClient client =
        reactor.netty.http.client.HttpClient.create()
            .protocol(reactor.netty.http.HttpProtocol.H2C)
            .baseUrl(h.server.endpoint().toString())
            .headers(headers -> headers.set("authorization", "Bearer " + h.root));
    for (int i = 0; i < 2; i++) {
      Integer status = client.get().uri("/v1/basins/timeouts-basin")
          .responseSingle((response, body) -> reactor.core.publisher.Mono.just(
              response.status().code()))
          .block(Duration.ofSeconds(10));
      assertThat(status).isEqualTo(200);
      Thread.sleep(IDLE.toMillis() + 200); // across the HTTP/1.1 idle timeout
    }
  }

  @Test
  void aRequestInProgressOutlivesTheIdleTimeout() throws Exception {
    String body = "{\"basin\":\"slow-body-basin\"}";
    try (Socket socket = h.socket()) {
      write(socket, h.head("POST", "/v1/basins", "content-type: application/json",
          "content-length: " + body.length()) + body.substring(0, 5));
      // Longer than the idle and head timeouts, shorter than the body timeout.
      Thread.sleep(IDLE.plus(HEAD).toMillis() + 200);
      write(socket, body.substring(5));
      ServerHarness.Raw response = ServerHarness.readResponse(socket.getInputStream());
      assertThat(response.status()).isEqualTo(201);
    }
  }
}

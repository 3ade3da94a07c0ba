package dev.s2reactive.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.ServerHarness;
import dev.s2reactive.server.internal.http.HttpLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connections that hold server resources without making progress (issue 10, "Hostile input"):
 * half-sent request heads and bodies, slowloris heads trickled one header at a time, and
 * thousands of idle connections. A server with short timeouts ({@code HttpLimits}, enforced by
 * {@code ConnectionGuard} and {@code RequestBodies}) must cut each of them off — with 408 and an S2
 * body where a request had started — while serving other clients throughout, and its thread count
 * and heap must come back afterwards.
 */
@Timeout(120)
class ConnectionAbuseTest {

  private static final Duration IDLE = Duration.ofMillis(1500);
  private static final Duration HEAD = Duration.ofMillis(800);
  private static final Duration BODY = Duration.ofMillis(800);
  private static final int IDLE_CONNECTIONS = 2000;

  private static LiveServer s;

  @BeforeAll
  static void start() {
    s = LiveServer.start(HttpLimits.defaults().withTimeouts(IDLE, HEAD, BODY));
    s.createBasin("abuse-basin");
    s.createStream("abuse-basin", "abuse");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads until the server closes; false when it is still open after the socket timeout. */
  private static boolean awaitClose(Socket socket, Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    return ServerHarness.closedByServer(socket);
  }

  @Test
  void halfSentBodiesGet408WithAnS2BodyAndWriteNothing() throws Exception {
    long tail = s.tail("abuse-basin", "abuse");
    String append = "{\"records\":[{\"body\":\"never\"}]}";
    String[][] requests = {
      {"POST", "/v1/streams/abuse/records", "s2-basin: abuse-basin",
          "content-type: application/json", "content-length: " + append.length()},
      {"POST", "/v1/basins", "content-type: application/json", "content-length: 500"},
      {"POST", "/v1/access-tokens", "content-type: application/json", "content-length: 500"},
      {"POST", "/v1/streams/abuse/records", "s2-basin: abuse-basin",
          "content-type: application/json", "transfer-encoding: chunked"},
    };
    for (String[] request : requests) {
      String[] headers = java.util.Arrays.copyOfRange(request, 2, request.length);
      try (Socket socket = s.socket()) {
        boolean chunked = request[request.length - 1].contains("chunked");
        write(socket, s.head(request[0], request[1], headers)
            + (chunked ? "10\r\n" + append.substring(0, 16) + "\r\n" : append.substring(0, 10)));
        ServerHarness.Raw response = ServerHarness.readResponse(socket.getInputStream());
        LiveServer.assertS2Error(response, 408, "request_timeout");
        assertThat(awaitClose(socket, Duration.ofSeconds(10))).isTrue();
      }
      s.assertServing();
    }
    assertThat(s.tail("abuse-basin", "abuse")).isEqualTo(tail);
  }

  @Test
  void halfSentHeadsAreClosed() throws Exception {
    for (String partial : new String[] {"G", "GET /v1/basins", "GET /v1/basins HTTP/1.1\r\n",
        "GET /v1/basins HTTP/1.1\r\nhost: x\r\nauthorization: Bear"}) {
      try (Socket socket = s.socket()) {
        write(socket, partial);
        assertThat(awaitClose(socket, Duration.ofSeconds(10))).as(partial).isTrue();
      }
    }
    s.assertServing();
  }

  @Test
  void slowlorisHeadsAreCutOffWhileOthersAreServed() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = s.socket();
        write(socket, "GET /v1/basins HTTP/1.1\r\n");
        slow.add(socket);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      int open = slow.size();
      // Trickle one header line at a time to every connection, each well within the idle timeout.
      for (int line = 0; open > 0; line++) {
        assertThat(System.nanoTime()).as("slowloris heads still open").isLessThan(deadline);
        open = 0;
        for (Socket socket : slow) {
          if (socket.isClosed()) {
            continue;
          }
          try {
            write(socket, "x-slow-" + line + ": v\r\n");
            socket.setSoTimeout(20);
            if (socket.getInputStream().read() < 0) {
              socket.close();
              continue;
            }
          } catch (SocketTimeoutException stillOpen) {
            open++;
            continue;
          } catch (IOException reset) {
            socket.close();
            continue;
          }
          open++;
        }
        s.assertServing();
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void thousandsOfIdleConnectionsAreClosedAndResourcesComeBack() throws Exception {
    s.assertServing();
    int threadsBefore = LiveServer.threadCount();
    long heapBefore = LiveServer.heapAfterGc();
    List<Socket> idle = new ArrayList<>(IDLE_CONNECTIONS);
    long started = System.nanoTime();
    long heapWhileOpen;
    int closed = 0;
    try {
      for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        Socket socket = new Socket();
        socket.setReuseAddress(true);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", s.port()), 10_000);
        idle.add(socket);
        if (i % 10 == 0) {
          // A handful send a complete request and then idle on keep-alive.
          write(socket, s.head("GET", "/v1/basins/abuse-basin"));
        }
      }
      // The server still answers a well-behaved client with all of them open.
      s.assertServing();
      heapWhileOpen = LiveServer.heapAfterGc();
      for (Socket socket : idle) {
        if (awaitClose(socket, Duration.ofSeconds(30))) {
          closed++;
        }
      }
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
    long took = (System.nanoTime() - started) / 1_000_000;
    s.assertServing();
    long heapAfter = LiveServer.heapAfterGc();
    int threadsAfter = LiveServer.threadCount();
    System.out.printf("ConnectionAbuseTest: %d idle connections, %d closed by the server in %d ms;"
            + " threads %d -> %d; heap %d MiB -> %d MiB (open) -> %d MiB%n",
        IDLE_CONNECTIONS, closed, took, threadsBefore, threadsAfter, heapBefore >> 20,
        heapWhileOpen >> 20, heapAfter >> 20);
    assertThat(closed).isEqualTo(IDLE_CONNECTIONS);
    // No thread per connection, and nothing left behind.
    assertThat(threadsAfter).isLessThan(threadsBefore + 16);
    assertThat(heapWhileOpen).as("heap with idle connections open")
        .isLessThan(heapBefore + 128L * 1024 * 1024);
    assertThat(heapAfter).as("heap after").isLessThan(heapBefore + 32L * 1024 * 1024);
  }
}

package dev.s2reactive.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.internal.http.HttpLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@link S2Server} (in memory, auth on) for end-to-end tests, with a JDK HTTP client, a raw
 * socket client for requests the JDK client cannot express, and a clean-up executor that holds
 * deletions back until {@link #runCleanups()}.
 */
public final class ServerHarness implements AutoCloseable {

  static final String JSON = "application/json";

  final S2Server server;
  final String root;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final HeldExecutor cleanups = new HeldExecutor();

  private ServerHarness(HttpLimits limits) {
    server =
        S2Server.builder().inMemory().httpLimits(limits).cleanupExecutor(cleanups).start();
    root = server.rootToken().orElseThrow();
  }

  static ServerHarness start() {
    return new ServerHarness(HttpLimits.defaults());
  }

  static ServerHarness start(HttpLimits limits) {
    return new ServerHarness(limits);
  }

  @Override
  public void close() {
    server.close();
  }

  /** Runs the deletion clean-ups queued so far (and any they queue). */
  void runCleanups() {
    cleanups.runAll();
  }

  int port() {
    return server.port();
  }

  // ---------------------------------------------------------------------------------------------
  // JDK client

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .timeout(Duration.ofSeconds(20))
        .header("authorization", "Bearer " + root);
  }

  HttpRequest.Builder anonymous(String path) {
    return HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .timeout(Duration.ofSeconds(20));
  }

  HttpRequest.Builder json(String method, String path, String body) {
    return request(path).header("content-type", JSON).method(method, BodyPublishers.ofString(body));
  }

  HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  HttpResponse<String> as(String token, HttpRequest.Builder request) {
    return send(request.setHeader("authorization", "Bearer " + token));
  }

  /** Creates a basin with the root token, expecting 201. */
  void createBasin(String basin) {
    assertStatus(send(json("POST", "/v1/basins", "{\"basin\":\"" + basin + "\"}")), 201);
  }

  /** Creates a stream with the root token, expecting 201. */
  void createStream(String basin, String stream) {
    assertStatus(
        send(
            json("POST", "/v1/streams", "{\"stream\":" + jsonString(stream) + "}")
                .header("s2-basin", basin)),
        201);
  }

  /** Issues a token with the root token and returns its secret. */
  String issue(String body) {
    HttpResponse<String> issued = send(json("POST", "/v1/access-tokens", body));
    assertStatus(issued, 201);
    Matcher m = Pattern.compile("^\\{\"access_token\":\"([A-Za-z0-9_-]+)\"}$").matcher(issued.body());
    assertThat(m.matches()).as(issued.body()).isTrue();
    return m.group(1);
  }

  public static String enc(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static void assertStatus(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }

  /** Asserts an S2 error: status, {@code application/json}, and the exact ErrorInfo body. */
  static void assertError(HttpResponse<String> response, int status, String code, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).hasValue(JSON);
    if (message == null) {
      assertThat(response.body()).startsWith("{\"code\":\"" + code + "\",\"message\":\"");
    } else {
      assertThat(response.body())
          .isEqualTo("{\"code\":\"" + code + "\",\"message\":" + jsonString(message) + "}");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Raw sockets

  /**
   * A response read off a raw socket; status -1 when the server closed without answering. {@code
   * closed}: the server announced {@code Connection: close}.
   */
  public record Raw(int status, String head, byte[] body, boolean closed) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The value of a response header, or null. */
    public String header(String name) {
      Matcher m =
          Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\s*$").matcher(head);
      return m.find() ? m.group(1) : null;
    }
  }

  Socket socket() {
    try {
      Socket socket = new Socket("127.0.0.1", port());
      socket.setSoTimeout(20_000);
      return socket;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Sends raw bytes on a new connection and reads one response (with Content-Length). */
  Raw raw(byte[] request) {
    try (Socket socket = socket()) {
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return readResponse(socket.getInputStream());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  Raw raw(String request) {
    return raw(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Reads one HTTP/1.1 response: head, then a Content-Length body (or the rest of the stream when
   * the server closes). Returns status -1 when the server closed without answering.
   */
  public static Raw readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    int matched = 0;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1);
    if (matched < 4) {
      return new Raw(-1, headText, new byte[0], true);
    }
    int status = Integer.parseInt(headText.substring(9, 12));
    Matcher length =
        Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$").matcher(headText);
    byte[] body;
    if (length.find()) {
      body = in.readNBytes(Integer.parseInt(length.group(1)));
    } else if (headText.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      body = readChunked(in);
    } else {
      body = new byte[0];
    }
    boolean closed = headText.toLowerCase(Locale.ROOT).contains("connection: close");
    return new Raw(status, headText, body, closed);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int size;
      try {
        size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size line (connection closed?): " + sizeLine);
      }
      if (size == 0) {
        readLine(in);
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /** Waits (up to the socket timeout) until the server closes the connection. */
  public static boolean closedByServer(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** A request line + headers with the root token, CRLF-terminated, plus {@code body}. */
  String head(String method, String path, String... headers) {
    StringBuilder out =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\n")
            .append("authorization: Bearer ").append(root).append("\r\n");
    for (String header : headers) {
      out.append(header).append("\r\n");
    }
    return out.append("\r\n").toString();
  }

  /** Runs tasks only when asked, so deleted resources stay visible as deleting. */
  private static final class HeldExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      while (true) {
        Runnable next;
        synchronized (this) {
          next = tasks.poll();
        }
        if (next == null) {
          return;
        }
        next.run();
      }
    }
  }
}

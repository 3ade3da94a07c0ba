package dev.s2reactive.server.hostile;

import static dev.s2reactive.server.ServerHarness.enc;
import static dev.s2reactive.server.ServerHarness.jsonString;
import static dev.s2reactive.server.ServerHarness.readResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameDecoder;
import dev.s2reactive.server.S2Server;
import dev.s2reactive.server.ServerHarness.Raw;
import dev.s2reactive.server.internal.http.HttpLimits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@link S2Server} on a real port (auth on) for the hostile-input and security suites, with
 * a JDK HTTP client, a raw-socket client for requests no well-behaved client would send, and the
 * checks every hostile case ends with: the S2 error shape, the tail of a stream, and a canary
 * append + read proving the server still serves other clients.
 */
public final class LiveServer implements AutoCloseable {

  public static final String JSON = "application/json";
  public static final String CANARY_BASIN = "canary-basin";
  public static final String CANARY_STREAM = "canary";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public final S2Server server;
  public final String root;
  public final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicLong canaryCount = new AtomicLong();

  private LiveServer(S2Server server) {
    this.server = server;
    this.root = server.rootToken().orElseThrow();
    createBasin(CANARY_BASIN);
    createStream(CANARY_BASIN, CANARY_STREAM);
  }

  /** In memory, default limits. */
  public static LiveServer start() {
    return new LiveServer(S2Server.builder().inMemory().start());
  }

  /** In memory, with the given HTTP limits (short timeouts for slowloris tests). */
  public static LiveServer start(HttpLimits limits) {
    return new LiveServer(withLimits(S2Server.builder().inMemory(), limits).start());
  }

  /** RocksDB-backed in {@code dataDirectory}. */
  public static LiveServer start(Path dataDirectory) {
    return new LiveServer(S2Server.builder().dataDirectory(dataDirectory).start());
  }

  /** {@code S2Server.Builder#httpLimits} is package-private (a test hook); reach it reflectively. */
  private static S2Server.Builder withLimits(S2Server.Builder builder, HttpLimits limits) {
    try {
      Method method = S2Server.Builder.class.getDeclaredMethod("httpLimits", HttpLimits.class);
      method.setAccessible(true);
      return (S2Server.Builder) method.invoke(builder, limits);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }

  public int port() {
    return server.port();
  }

  // ---------------------------------------------------------------------------------------------
  // JDK client

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .timeout(Duration.ofSeconds(20))
        .header("authorization", "Bearer " + root);
  }

  public HttpRequest.Builder json(String method, String path, String body) {
    return request(path).header("content-type", JSON).method(method, BodyPublishers.ofString(body));
  }

  public HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public HttpResponse<String> as(String token, HttpRequest.Builder request) {
    return send(request.setHeader("authorization", "Bearer " + token));
  }

  public void createBasin(String basin) {
    expect(send(json("POST", "/v1/basins", "{\"basin\":\"" + basin + "\"}")), 201);
  }

  public void createStream(String basin, String stream) {
    expect(
        send(
            json("POST", "/v1/streams", "{\"stream\":" + jsonString(stream) + "}")
                .header("s2-basin", basin)),
        201);
  }

  /** Issues a token with the root token and returns its secret. */
  public String issue(String body) {
    HttpResponse<String> issued = send(json("POST", "/v1/access-tokens", body));
    expect(issued, 201);
    Matcher m =
        Pattern.compile("^\\{\"access_token\":\"([A-Za-z0-9_-]+)\"}$").matcher(issued.body());
    assertThat(m.matches()).as(issued.body()).isTrue();
    return m.group(1);
  }

  /** The tail seq_num of a stream, read with the root token. */
  public long tail(String basin, String stream) {
    HttpResponse<String> tail =
        send(get("/v1/streams/" + enc(stream) + "/records/tail").header("s2-basin", basin));
    expect(tail, 200);
    return parse(tail.body()).path("tail").path("seq_num").asLong(-1);
  }

  /**
   * Appends one record to the canary stream and reads it back: proves the server still serves a
   * well-behaved client, and that nothing else was written to that stream meanwhile.
   */
  public void assertServing() {
    String body = "canary-" + canaryCount.get();
    String path = "/v1/streams/" + CANARY_STREAM + "/records";
    HttpResponse<String> ack =
        send(
            json("POST", path, "{\"records\":[{\"body\":\"" + body + "\"}]}")
                .header("s2-basin", CANARY_BASIN));
    expect(ack, 200);
    long seq = parse(ack.body()).path("start").path("seq_num").asLong(-1);
    assertThat(seq).as("canary seq_num").isEqualTo(canaryCount.getAndIncrement());
    HttpResponse<String> read =
        send(get(path + "?seq_num=" + seq + "&count=1").header("s2-basin", CANARY_BASIN));
    expect(read, 200);
    assertThat(parse(read.body()).path("records").path(0).path("body").asText()).isEqualTo(body);
  }

  // ---------------------------------------------------------------------------------------------
  // Assertions

  public static void expect(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /**
   * Asserts an S2 error response (protocol §10): 4xx, {@code application/json}, a body that is
   * exactly {@code {"code","message"}} strings with a known code whose status is the response's
   * (the records routes also answer 413 {@code invalid} and 415 {@code bad_header}; the HTTP
   * decoder's refusals 414 {@code bad_path} and 431 {@code bad_header}).
   *
   * @return the code
   */
  public static String assertS2Error(int status, String contentType, String body) {
    assertThat(status).as(body).isBetween(400, 499);
    assertThat(contentType).as("content-type of %s %s", status, body).isNotNull();
    assertThat(contentType.toLowerCase(Locale.ROOT)).startsWith(JSON);
    JsonNode node = parse(body);
    assertThat(node.isObject()).as(body).isTrue();
    assertThat(node.size()).as(body).isEqualTo(2);
    assertThat(node.path("code").isTextual()).as(body).isTrue();
    assertThat(node.path("message").isTextual()).as(body).isTrue();
    String code = node.get("code").asText();
    ErrorCode known = ErrorCode.fromWireName(code).orElse(null);
    assertThat(known).as("unknown code in %s", body).isNotNull();
    boolean tooLarge = status == 413 && known == ErrorCode.INVALID;
    boolean unsupportedMedia = status == 415 && known == ErrorCode.BAD_HEADER;
    boolean uriTooLong = status == 414 && known == ErrorCode.BAD_PATH;
    boolean headersTooLarge = status == 431 && known == ErrorCode.BAD_HEADER;
    if (!tooLarge && !unsupportedMedia && !uriTooLong && !headersTooLarge) {
      assertThat(known.status()).as("status of %s", body).isEqualTo(status);
    }
    return code;
  }

  public static String assertS2Error(HttpResponse<String> response) {
    return assertS2Error(
        response.statusCode(),
        response.headers().firstValue("content-type").orElse(null),
        response.body());
  }

  public static void assertS2Error(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(assertS2Error(response)).as(response.body()).isEqualTo(code);
  }

  public static void assertS2Error(Raw response, int status, String code) {
    assertThat(response.status()).as(response.head() + response.bodyText()).isEqualTo(status);
    assertThat(assertS2Error(response.status(), response.header("content-type"),
        response.bodyText())).isEqualTo(code);
  }

  // ---------------------------------------------------------------------------------------------
  // Raw sockets

  public Socket socket() {
    try {
      Socket socket = new Socket("127.0.0.1", port());
      socket.setSoTimeout(20_000);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Sends raw bytes on a new connection and reads one response. */
  public Raw raw(byte[] request) {
    try (Socket socket = socket()) {
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return readResponse(socket.getInputStream());
    } catch (IOException e) {
      return new Raw(-1, e.toString(), new byte[0], true);
    }
  }

  /** A request head with the root token, CRLF-terminated. */
  public String head(String method, String path, String... headers) {
    StringBuilder out =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\n")
            .append("authorization: Bearer ").append(root).append("\r\n");
    for (String header : headers) {
      out.append(header).append("\r\n");
    }
    return out.append("\r\n").toString();
  }

  /**
   * Runs an s2s append session over chunked HTTP/1.1 as {@code token}: sends {@code chunks} (raw
   * frame bytes in any shape), ends the body, and returns the response frames. Asserts the
   * session started (200, {@code s2s/proto}).
   */
  public List<S2sFrame> s2sAppend(String token, String basin, String records, byte[]... chunks)
      throws IOException {
    try (Socket socket = socket()) {
      OutputStream out = socket.getOutputStream();
      String head = head("POST", records, "s2-basin: " + basin, "content-type: s2s/proto",
          "transfer-encoding: chunked").replace(root, token);
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      for (byte[] chunk : chunks) {
        if (chunk.length > 0) {
          out.write((Integer.toHexString(chunk.length) + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Raw response = readResponse(new BufferedInputStream(socket.getInputStream()));
      assertThat(response.status()).as(response.head() + response.bodyText()).isEqualTo(200);
      assertThat(response.header("content-type")).isEqualTo("s2s/proto");
      List<S2sFrame> frames = new ArrayList<>();
      new S2sFrameDecoder().decode(response.body(), frames::add);
      return frames;
    }
  }

  /** Asserts that the last frame is terminal with this status and S2 error code. */
  public static void assertTerminal(List<S2sFrame> frames, int status, String code) {
    assertThat(frames).isNotEmpty();
    S2sFrame last = frames.get(frames.size() - 1);
    assertThat(last).as("%s", frames).isInstanceOf(S2sFrame.Terminal.class);
    S2sFrame.Terminal terminal = (S2sFrame.Terminal) last;
    assertThat(terminal.status()).as(terminal.json()).isEqualTo(status);
    assertThat(assertS2Error(status, JSON, terminal.json())).isEqualTo(code);
  }

  // ---------------------------------------------------------------------------------------------
  // Resources

  /** Live threads in this JVM. */
  public static int threadCount() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** Heap in use after a full GC, in bytes (best effort: System.gc is a request). */
  public static long heapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Runtime rt = Runtime.getRuntime();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

}

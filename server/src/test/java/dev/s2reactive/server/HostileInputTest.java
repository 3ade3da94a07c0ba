package dev.s2reactive.server;

import static dev.s2reactive.server.ServerHarness.assertError;
import static dev.s2reactive.server.ServerHarness.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and malformed input at the HTTP level (protocol §2 "Strict parsing"): the right 4xx,
 * with an S2 error body where the protocol defines one, never a 5xx, and the server keeps serving.
 */
class HostileInputTest {

  private static ServerHarness h;

  @BeforeAll
  static void start() {
    h = ServerHarness.start();
    h.createBasin("hostile-basin");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @AfterEach
  void stillServing() {
    assertStatus(h.send(h.get("/v1/basins/hostile-basin")), 200);
  }

  private static void assertBadJson(String body) {
    assertBadJson(body.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertBadJson(byte[] body) {
    try {
      assertError(h.send(h.request("/v1/basins").header("content-type", "application/json")
          .POST(BodyPublishers.ofByteArray(body))), 400, "bad_json", null);
    } catch (AssertionError e) {
      String shown = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
      throw new AssertionError("body " + shown + ": " + e.getMessage(), e);
    }
  }

  @Test
  void malformedJsonIsBadJson() {
    for (String body : new String[] {"", " ", "{", "}", "[", "{\"basin\":", "{\"basin\":\"x\"",
        "{'basin':'abcdefgh'}", "{basin:\"abcdefgh\"}", "{\"basin\":\"abcdefgh\",}",
        "{\"basin\":\"abcdefgh\"}}", "{\"basin\":\"abcdefgh\"} null", "NaN", "-", "01",
        "{\"basin\":\"abcdefgh\",\"basin\":\"abcdefgi\"}", "{\"basin\":\"abc\\qdefgh\"}",
        "{\"basin\":\"ab\\ud800cdefgh\"}", "{\"basin\":\"ab\\udc00cdefgh\"}",
        "{\"basin\":\"abc\u0001defgh\"}", "/* c */ {\"basin\":\"abcdefgh\"}",
        "{\"basin\":\"abcdefgh\",\"config\":{\"create_stream_on_read\":1}}",
        "{\"basin\":\"abcdefgh\",\"config\":{\"create_stream_on_read\":\"true\"}}",
        "{\"basin\":\"abcdefgh\",\"config\":{\"default_stream_config\":{\"retention_policy\":"
            + "{\"age\":1.5}}}}",
        "{\"basin\":\"abcdefgh\",\"config\":{\"default_stream_config\":{\"retention_policy\":"
            + "{\"age\":18446744073709551616}}}}",
        "{\"basin\":\"abcdefgh\",\"config\":{\"default_stream_config\":{\"retention_policy\":"
            + "{\"age\":1e3}}}}",
        "{\"basin\":\"abcdefgh\",\"config\":{\"default_stream_config\":{\"retention_policy\":"
            + "{\"age\":60,\"infinite\":{}}}}}",
        "{\"basin\":[\"abcdefgh\"]}", "{\"basin\":{\"name\":\"abcdefgh\"}}", "[]", "\"abcdefgh\"",
        "true", "1"}) {
      assertBadJson(body);
    }
    assertError(h.send(h.get("/v1/basins/abcdefgh")), 404, "basin_not_found", null);
  }

  @Test
  void notUtf8IsBadJson() {
    assertBadJson(new byte[] {'{', '"', 'b', 'a', 's', 'i', 'n', '"', ':', '"', (byte) 0xff,
        'x', '"', '}'});
    assertBadJson(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'});
    assertBadJson("{\"basin\":\"abcdefgh\"}".getBytes(StandardCharsets.UTF_16));
    assertBadJson(new byte[] {'{', 0, '}'});
  }

  @Test
  void deepNestingIsBadJsonNotAStackOverflow() {
    assertBadJson("[".repeat(200_000));
    assertBadJson("{\"basin\":\"deep-basin-1\",\"x\":" + "[".repeat(5000) + "]".repeat(5000)
        + "}");
    assertBadJson("{\"a\":".repeat(100_000));
    // Unknown fields nest freely within the limit.
    assertStatus(h.send(h.json("POST", "/v1/basins",
        "{\"basin\":\"deep-basin-2\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}")), 201);
  }

  @Test
  void hugeValuesInBodiesAreRejected() {
    assertBadJson("{\"basin\":\"" + "a".repeat(900_000) + "\"}");
    assertBadJson("{\"basin\":\"abcdefgh\",\"config\":{\"default_stream_config\":"
        + "{\"retention_policy\":{\"age\":" + "9".repeat(100_000) + "}}}}");
    StringBuilder manyKeys = new StringBuilder("{\"basin\":\"many-keys-1\"");
    for (int i = 0; i < 50_000; i++) {
      manyKeys.append(",\"k").append(i).append("\":0");
    }
    assertStatus(h.send(h.json("POST", "/v1/basins", manyKeys.append('}').toString())), 201);
    assertStatus(h.send(h.json("POST", "/v1/access-tokens",
        "{\"id\":\"huge-ops\",\"scope\":{\"ops\":[" + "\"read\",".repeat(100_000)
            + "\"read\"]}}")), 201);
    assertThat(h.send(h.get("/v1/access-tokens?prefix=huge-ops")).body())
        .contains("\"ops\":[\"read\"]");
  }

  @Test
  void hugeNamesInPathQueryAndHeadersAreRejected() {
    assertError(h.send(h.get("/v1/basins/" + "a".repeat(5000))), 400, "bad_path", null);
    assertError(h.send(h.get("/v1/streams/" + "s".repeat(5000))
        .header("s2-basin", "hostile-basin")), 400, "bad_path", null);
    assertError(h.send(h.request("/v1/access-tokens/" + "t".repeat(5000)).DELETE()), 400,
        "bad_path", null);
    assertError(h.send(h.get("/v1/streams?prefix=" + "p".repeat(5000))
        .header("s2-basin", "hostile-basin")), 400, "bad_query", null);
    assertError(h.send(h.get("/v1/streams").header("s2-basin", "b".repeat(10_000))), 400,
        "bad_header", null);
    assertError(h.send(h.json("POST", "/v1/streams", "{\"stream\":\"s\"}")
        .header("s2-basin", "hostile-basin").header("s2-request-token", "r".repeat(10_000))),
        400, "bad_header", null);
  }

  /**
   * Sends a request head the HTTP decoder rejects: the answer is an S2 error with {@code
   * Connection: close}, after which the server closes the connection.
   */
  private static void assertRejectedHead(String request, int status, String body)
      throws Exception {
    try (var socket = h.socket()) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      ServerHarness.Raw response = ServerHarness.readResponse(socket.getInputStream());
      assertThat(response.status()).as(response.head()).isEqualTo(status);
      assertThat(response.header("content-type")).isEqualTo(ServerHarness.JSON);
      assertThat(response.bodyText()).isEqualTo(body);
      assertThat(response.closed()).as(response.head()).isTrue();
      assertThat(ServerHarness.closedByServer(socket)).isTrue();
    }
  }

  @Test
  void oversizedRequestLineIs414BadPath() throws Exception {
    assertRejectedHead(h.head("GET", "/v1/basins/" + "a".repeat(40_000)), 414,
        "{\"code\":\"bad_path\",\"message\":\"request line exceeds the limit of 16384 bytes\"}");
  }

  @Test
  void oversizedHeadersAre431BadHeader() throws Exception {
    String body =
        "{\"code\":\"bad_header\",\"message\":\"request headers exceed the limit of 32768 bytes\"}";
    assertRejectedHead(h.head("GET", "/v1/basins", "x-big: " + "v".repeat(40_000)), 431, body);
    String[] many = new String[3000];
    for (int i = 0; i < many.length; i++) {
      many[i] = "x-h" + i + ": value";
    }
    assertRejectedHead(h.head("GET", "/v1/basins", many), 431, body);
    // An h2c upgrade request goes through the upgrade handler first.
    assertRejectedHead(h.head("GET", "/v1/basins", "connection: Upgrade, HTTP2-Settings",
        "upgrade: h2c", "http2-settings: AAMAAABkAAQAAP__", "x-big: " + "v".repeat(40_000)), 431,
        body);
  }

  @Test
  void undecodableHeadIs400BadHeader() throws Exception {
    String body = "{\"code\":\"bad_header\",\"message\":\"malformed HTTP request head\"}";
    assertRejectedHead("GARBAGE\r\n\r\n", 400, body);
    assertRejectedHead(h.head("GET", "/v1/basins", "bad header: v"), 400, body);
    assertRejectedHead(h.head("POST", "/v1/basins", "content-length: abc"), 400, body);
  }

  @Test
  void malformedHttpIs4xx() {
    String[] requests = {
      "GARBAGE\r\n\r\n",
      "GET\r\n\r\n",
      "GET /v1/basins HTTP/9.9\r\nhost: x\r\n\r\n",
      "GET /v1/basins HTTP/1.1\r\nhost: x\r\nno-colon-here\r\n\r\n",
      "GET /v1/basins HTTP/1.1\r\nhost: x\r\nbad header: v\r\n\r\n",
      "POST /v1/basins HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n",
      "POST /v1/basins HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n",
      "POST /v1/basins HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}",
      "POST /v1/basins HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "\u0000\u0001\u0002\u0003\r\n\r\n",
    };
    for (String request : requests) {
      ServerHarness.Raw response = h.raw(request);
      assertThat(response.status()).as(request).isBetween(400, 499);
      assertThat(response.header("content-type")).as(request).isEqualTo(ServerHarness.JSON);
      assertThat(response.bodyText()).as(request).startsWith("{\"code\":\"");
    }
    // Requests that are odd but well-formed get S2 answers, not 5xx.
    String[] odd = {
      h.head("GET", "http://127.0.0.1/v1/basins"),
      h.head("OPTIONS", "*"),
      h.head("GET", "/v1/streams/\u00e9", "s2-basin: hostile-basin"),
      h.head("GET", "/v1/streams/%00", "s2-basin: hostile-basin"),
      h.head("DELETE", "/v1/access-tokens/%00"),
      h.head("GET", "/v1/basins?%%%=%%%"),
      h.head("GET", "/v1/basins?limit=1&&&==&"),
      h.head("GET", "/v1//basins"),
      h.head("GET", "/v1/basins/"),
      h.head("GET", "/v1/basins/hostile-basin/extra"),
      h.head("BREW", "/v1/basins"),
    };
    for (String request : odd) {
      ServerHarness.Raw response = h.raw(request);
      assertThat(response.status()).as(request).isBetween(200, 499);
    }
    ServerHarness.Raw nul = h.raw(h.head("DELETE", "/v1/access-tokens/%00"));
    assertThat(nul.status()).isEqualTo(400);
    assertThat(nul.bodyText()).startsWith("{\"code\":\"bad_path\"");
  }

  @Test
  void requestTokenLimitCountsBytesNotCharacters() {
    String body = "{\"stream\":\"token-bytes\"}";
    String head = h.head("POST", "/v1/streams", "s2-basin: hostile-basin",
        "content-type: application/json", "content-length: " + body.length(),
        "s2-request-token: " + "\u00e9".repeat(19));
    // 19 two-byte characters: 38 bytes on the wire.
    ServerHarness.Raw tooLong = h.raw((head + body).getBytes(StandardCharsets.UTF_8));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.bodyText()).startsWith("{\"code\":\"bad_header\"");
    String ok = head.replace("\u00e9".repeat(19), "\u00e9".repeat(18));
    assertThat(h.raw((ok + body).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
    assertThat(h.raw((ok + body).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (int i = 0; i < 20; i++) {
      requests.writeBytes(h.head("GET", i % 2 == 0 ? "/v1/basins/hostile-basin" : "/v1/nope")
          .getBytes(StandardCharsets.ISO_8859_1));
    }
    try (var socket = h.socket()) {
      socket.getOutputStream().write(requests.toByteArray());
      for (int i = 0; i < 20; i++) {
        ServerHarness.Raw response = ServerHarness.readResponse(socket.getInputStream());
        assertThat(response.status()).isEqualTo(i % 2 == 0 ? 200 : 404);
      }
    }
  }
}

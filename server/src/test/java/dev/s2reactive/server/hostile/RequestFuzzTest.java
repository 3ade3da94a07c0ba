package dev.s2reactive.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameDecoder;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.server.ServerHarness;
import dev.s2reactive.server.internal.http.HttpLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutation fuzzing of the HTTP API (issue 10, "Hostile input"). Every case takes one valid
 * request from a corpus covering every route and body format, mutates its body (bytes, JSON
 * structure, types, nesting, sizes, base64), path (names), query (values), headers (S2 headers,
 * auth, content type and encoding) or method, sends it over a raw keep-alive connection, and
 * checks:
 *
 * <ul>
 *   <li>never a 5xx, and a well-framed request always gets an answer;
 *   <li>every 4xx carries the S2 error body of protocol §10 (or the 412 / 416 bodies, or the empty
 *       body of an unknown route);
 *   <li>no partial write: after a rejected append the watched stream's tail is unchanged, after an
 *       accepted one it moved by exactly the acknowledged records;
 *   <li>the server keeps serving a well-behaved client (a canary append + read every 250 cases
 *       and at the end), and threads and heap are bounded afterwards.
 * </ul>
 *
 * <p>A few percent of cases mutate the raw request bytes (framing) and go on a fresh connection.
 * Case count: system property {@value #CASES_PROPERTY} (default {@value #DEFAULT_CASES}; the
 * {@code reliability} Maven profile runs many more); seed: {@value #SEED_PROPERTY}.
 */
@Timeout(600)
class RequestFuzzTest {

  static final String CASES_PROPERTY = "s2.fuzz.cases";
  static final String SEED_PROPERTY = "s2.fuzz.seed";
  static final int DEFAULT_CASES = 2000;

  private static final String BASIN = "fuzz-basin";
  private static final String WATCHED = "fuzz/target";
  private static final String WATCHED_PATH = "/v1/streams/fuzz%2Ftarget/records";

  private static LiveServer s;

  @BeforeAll
  static void start() {
    // Short timeouts so a mutated frame that leaves a body half-sent costs a second, not a minute.
    s = LiveServer.start(HttpLimits.defaults().withTimeouts(
        Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    s.createBasin(BASIN);
    s.createStream(BASIN, WATCHED);
    s.createStream(BASIN, "fuzz/patched");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  /** A request before serialization; mutations edit it in place. */
  static final class Req {
    String method;
    String path;
    final List<String[]> query = new ArrayList<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body;
    boolean json;
    boolean sse;

    Req(String method, String path, String body) {
      this.method = method;
      this.path = path;
      this.body = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
      this.json = body != null;
      if (json) {
        headers.put("content-type", LiveServer.JSON);
      }
    }

    Req header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Req query(String name, String value) {
      query.add(new String[] {name, value});
      return this;
    }

    String queryText() {
      StringBuilder out = new StringBuilder();
      for (String[] q : query) {
        out.append(out.length() == 0 ? '?' : '&').append(q[0]);
        if (q[1] != null) {
          out.append('=').append(q[1]);
        }
      }
      return out.toString();
    }

    boolean appendsToWatched() {
      return method.equals("POST") && path.equals(WATCHED_PATH)
          && BASIN.equals(headers.get("s2-basin"));
    }

    byte[] serialize(String token) {
      StringBuilder head = new StringBuilder(method).append(' ').append(path).append(queryText());
      head.append(" HTTP/1.1\r\nhost: 127.0.0.1\r\n");
      if (!headers.containsKey("authorization")) {
        head.append("authorization: Bearer ").append(token).append("\r\n");
      }
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      byte[] b = body == null ? new byte[0] : body;
      if (body != null || !method.equals("GET")) {
        head.append("content-length: ").append(b.length).append("\r\n");
      }
      head.append("\r\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(b);
      return out.toByteArray();
    }
  }

  /** The corpus: one valid request per route and format; {@code n} keeps created names fresh. */
  private static Req seed(Random rnd, int n) {
    String stream = "/v1/streams/";
    switch (rnd.nextInt(17)) {
      case 0:
        return new Req("POST", "/v1/basins", "{\"basin\":\"fz-basin-" + n + "\",\"config\":"
            + "{\"default_stream_config\":{\"storage_class\":\"standard\",\"retention_policy\":"
            + "{\"age\":3600}},\"create_stream_on_append\":false}}");
      case 1:
        return new Req("PATCH", "/v1/basins/" + BASIN, "{\"create_stream_on_read\":false,"
            + "\"default_stream_config\":{\"timestamping\":{\"mode\":\"arrival\"}}}");
      case 2:
        return new Req("POST", "/v1/streams", "{\"stream\":\"fz/s-" + n + "\",\"config\":"
            + "{\"retention_policy\":{\"infinite\":{}},\"timestamping\":{\"mode\":"
            + "\"client-prefer\",\"uncapped\":false},\"delete_on_empty\":{\"min_age_secs\":0}}}")
            .header("s2-basin", BASIN).header("s2-request-token", "req-" + n);
      case 3:
        return new Req("PUT", stream + "fz%2Fput-" + n, "{\"storage_class\":\"express\"}")
            .header("s2-basin", BASIN);
      case 4:
        return new Req("PATCH", stream + "fuzz%2Fpatched", "{\"retention_policy\":{\"age\":60},"
            + "\"timestamping\":{\"uncapped\":true}}").header("s2-basin", BASIN);
      case 5:
        return new Req("POST", WATCHED_PATH, "{\"records\":[{\"body\":\"hello\",\"headers\":"
            + "[[\"k\",\"v\"]]},{\"timestamp\":1,\"body\":\"\\u00e9\"}],\"match_seq_num\":null}")
            .header("s2-basin", BASIN);
      case 6:
        return new Req("POST", WATCHED_PATH, "{\"records\":[{\"body\":\"aGVsbG8=\",\"headers\":"
            + "[[\"aw==\",\"dg==\"]]}]}").header("s2-basin", BASIN).header("s2-format", "base64");
      case 7: {
        AppendInput input = AppendInput.of(AppendRecord.of("proto"),
            AppendRecord.builder().body("p2").headers(List.of(Header.of("h", "v"))).build());
        Req req = new Req("POST", WATCHED_PATH, null).header("s2-basin", BASIN)
            .header("content-type", "application/protobuf");
        req.body = ProtoCodec.encode(input);
        return req;
      }
      case 8:
        return new Req("GET", WATCHED_PATH, null).header("s2-basin", BASIN)
            .query("seq_num", "0").query("count", "5").query("clamp", "true");
      case 9:
        return new Req("GET", WATCHED_PATH, null).header("s2-basin", BASIN)
            .header("s2-format", "base64").query("timestamp", "0").query("until", "999999")
            .query("bytes", "1000");
      case 10: {
        Req req = new Req("GET", WATCHED_PATH, null).header("s2-basin", BASIN)
            .header("accept", "text/event-stream").header("last-event-id", "0,1,17");
        req.sse = true;
        return req.query("seq_num", "0").query("count", "3").query("wait", "0");
      }
      case 11:
        return new Req("GET", WATCHED_PATH + "/tail", null).header("s2-basin", BASIN);
      case 12:
        return new Req("GET", "/v1/streams", null).header("s2-basin", BASIN)
            .query("prefix", "fz").query("start_after", "fz/s-1").query("limit", "10");
      case 13:
        return new Req("GET", "/v1/basins", null).query("prefix", "fz-").query("limit", "5");
      case 14:
        return new Req("POST", "/v1/access-tokens", "{\"id\":\"fz-token-" + n + "\","
            + "\"expires_at\":\"2099-01-01T00:00:00Z\",\"auto_prefix_streams\":true,\"scope\":"
            + "{\"basins\":{\"exact\":\"" + BASIN + "\"},\"streams\":{\"prefix\":\"t/\"},"
            + "\"op_groups\":{\"stream\":{\"read\":true,\"write\":false}},\"ops\":[\"append\"]}}");
      case 15:
        return new Req("GET", "/v1/access-tokens", null).query("prefix", "fz-").query("limit", "3");
      default:
        return new Req("GET", stream + "fuzz%2Fpatched", null).header("s2-basin", BASIN);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Mutations

  private static final String[] JSON_INSERTS = {
    "{", "}", "[", "]", "\"", ",", ":", "null", "true", "-1", "1e999", "-0", "0.5",
    "18446744073709551616", "\"\\ud800\"", "\\u0000", "\u0000", "NaN", "Infinity", "//", "/*",
    "\\", "\"\\x\"", "'", "\uFEFF", "\u00ff", "{}", "[]", "\"\"", "\"a\":1,",
  };

  private static final String[] NAMES = {
    ".", "..", "", "%", "%zz", "%C0%AF", "%00", "%FF", "%2E%2E", "a%2Fb", "UPPER", "-lead",
    "trail-", "x".repeat(600), "é", "%E2%82", "a%20b", "a+b", "a b", "%25", "/", "//", "fuzz-basin/x",
  };

  private static final String[] QUERY_VALUES = {
    "", "-1", "abc", "1.5", "0x10", "+1", "%20", "1e3", "18446744073709551616",
    "18446744073709551615", "99999999999999999999999", "true", "false", "TRUE", "0", "%00", "%",
    "1,2", "\u00e9", "x".repeat(5000),
  };

  private static final String[] QUERY_KEYS = {
    "seq_num", "timestamp", "tail_offset", "clamp", "count", "bytes", "until", "prefix",
    "start_after", "limit", "unknown", "", "%00",
  };

  private static final String[] HEADERS = {
    "content-type", "s2-format", "s2-basin", "accept", "last-event-id", "s2-request-token",
    "authorization", "content-encoding", "s2-encryption-key", "s2-stream-config", "accept-encoding",
  };

  private static final String[] HEADER_VALUES = {
    "", "application/json", "application/protobuf", "s2s/proto", "text/event-stream",
    "application/json, text/plain", "text/plain", "application/+json", "base64", "raw", "json",
    "json-binsafe", "BASE64", "hex", "gzip", "zstd", "deflate", "br", "identity, gzip",
    "Bearer nope", "Bearer", "Basic abc", "1,2,3", "1,2", "a,b,c", "-1,0,0",
    "18446744073709551615,0,0", "18446744073709551616,0,0", "1,2,3,4", " 1 , 2 , 3 ",
    "x".repeat(40), "x".repeat(60_000), "\u00ff\u00fe", "{\"storage_class\":\"nope\"}",
    "{\"retention_policy\":{\"age\":0}}", "{", "canary-basin", "fuzz-basin", "UPPER-basin",
  };

  private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "OPTIONS", "BREW", "get"};

  private static String mutate(Random rnd, Req req) {
    int roll = rnd.nextInt(100);
    if (req.body != null) {
      if (roll < 55) {
        return mutateBody(rnd, req);
      }
      roll = rnd.nextInt(100);
    }
    if (roll < 25) {
      return mutatePath(rnd, req);
    }
    if (roll < 60 && !req.sse) {
      return mutateQuery(rnd, req);
    }
    if (roll < 95) {
      return mutateHeader(rnd, req);
    }
    String method = pick(rnd, METHODS);
    if (req.sse || (req.method.equals("GET") && req.path.equals(WATCHED_PATH))) {
      return "method(kept)"; // a read with another method is covered by other seeds
    }
    req.method = method;
    return "method " + method;
  }

  private static String mutateBody(Random rnd, Req req) {
    byte[] b = req.body;
    int at = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
    switch (rnd.nextInt(11)) {
      case 0: {
        byte[] copy = b.clone();
        if (copy.length > 0) {
          copy[Math.min(at, copy.length - 1)] = (byte) rnd.nextInt(256);
        }
        req.body = copy;
        return "body byte@" + at;
      }
      case 1:
        req.body = Arrays.copyOf(b, at);
        return "body truncate@" + at;
      case 2:
        req.body = splice(b, at, at, pick(rnd, JSON_INSERTS).getBytes(StandardCharsets.UTF_8));
        return "body insert@" + at;
      case 3: {
        int to = at + rnd.nextInt(Math.max(1, b.length - at + 1));
        req.body = splice(b, at, Math.min(to, b.length), new byte[0]);
        return "body delete@" + at;
      }
      case 4: {
        int depth = 1 + rnd.nextInt(rnd.nextBoolean() ? 200 : 20_000);
        req.body = splice(b, at, at, ("[".repeat(depth) + "]".repeat(rnd.nextInt(depth + 1)))
            .getBytes(StandardCharsets.UTF_8));
        return "body nest " + depth;
      }
      case 5:
      case 6:
      case 7:
        if (req.json) {
          return mutateJsonTree(rnd, req);
        }
        req.body = splice(b, at, at, randomBytes(rnd, 1 + rnd.nextInt(16)));
        return "body bytes@" + at;
      case 8:
        if (req.appendsToWatched() && req.json) {
          return oversizedBatch(rnd, req);
        }
        req.body = splice(b, at, at, randomBytes(rnd, 1 + rnd.nextInt(64)));
        return "body bytes@" + at;
      case 9:
        req.body = new byte[0];
        return "body empty";
      default: {
        byte[] copy = splice(b, at, at, b);
        req.body = copy;
        return "body duplicate@" + at;
      }
    }
  }

  /** Replaces one node of the JSON body with a value of another type or an extreme one. */
  private static String mutateJsonTree(Random rnd, Req req) {
    JsonNode root;
    try {
      root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(req.body);
    } catch (IOException | RuntimeException notJson) {
      root = null;
    }
    if (root == null || root.isMissingNode()) {
      req.body = splice(req.body, 0, 0, pick(rnd, JSON_INSERTS).getBytes(StandardCharsets.UTF_8));
      return "body insert@0";
    }
    List<String> pointers = new ArrayList<>();
    collect(root, "", pointers);
    String pointer = pointers.get(rnd.nextInt(pointers.size()));
    String replacement = switch (rnd.nextInt(14)) {
      case 0 -> "null";
      case 1 -> "true";
      case 2 -> "-1";
      case 3 -> "1.5";
      case 4 -> "18446744073709551616";
      case 5 -> "\"\"";
      case 6 -> "\"" + "a".repeat(1 + rnd.nextInt(rnd.nextBoolean() ? 600 : 2_000_000)) + "\"";
      case 7 -> "[]";
      case 8 -> "{}";
      case 9 -> "\"%%==\"";
      case 10 -> "\"aGVsbG8\"";
      case 11 -> "[[\"\",\"fence\"]]";
      case 12 -> "\"\\ud800\"";
      default -> "\"NOT VALID\"";
    };
    String text;
    try {
      text = replaceAt(root, pointer, replacement);
    } catch (RuntimeException oddKey) {
      // A key that a JSON pointer cannot name plainly (one holding '/' or '~'): replace it all.
      text = replacement;
    }
    req.body = text.getBytes(StandardCharsets.UTF_8);
    return "json " + pointer + "=" + (replacement.length() > 40
        ? replacement.substring(0, 20) + "…(" + replacement.length() + ")" : replacement);
  }

  private static void collect(JsonNode node, String pointer, List<String> out) {
    out.add(pointer);
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(f -> collect(node.get(f), pointer + "/" + f, out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, out);
      }
    }
  }

  /** The JSON text of {@code root} with the node at {@code pointer} replaced by raw JSON text. */
  private static String replaceAt(JsonNode root, String pointer, String raw) {
    if (pointer.isEmpty()) {
      return raw;
    }
    String marker = "\u0001MARK\u0001";
    JsonNode copy = root.deepCopy();
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = copy.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent.isObject()) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) parent).put(last, marker);
    } else {
      ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last),
          com.fasterxml.jackson.databind.node.TextNode.valueOf(marker));
    }
    return copy.toString().replace("\"\\u0001MARK\\u0001\"", raw);
  }

  /** Over the batch limits of protocol §5.3: 1001 records, or more than 1 MiB metered. */
  private static String oversizedBatch(Random rnd, Req req) {
    StringBuilder body = new StringBuilder("{\"records\":[");
    String what;
    if (rnd.nextBoolean()) {
      for (int i = 0; i < 1001; i++) {
        body.append(i == 0 ? "" : ",").append("{\"body\":\"r\"}");
      }
      what = "1001 records";
    } else {
      // 2 records of 512 KiB - 4: 2 × (8 + 524284) = 1 MiB + 8 metered.
      String half = "b".repeat(512 * 1024 - 4);
      body.append("{\"body\":\"").append(half).append("\"},{\"body\":\"").append(half)
          .append("\"}");
      what = "1 MiB + 8 metered";
    }
    req.body = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    req.headers.remove("s2-format");
    return "batch " + what;
  }

  private static String mutatePath(Random rnd, Req req) {
    String[] parts = req.path.split("/", -1);
    // Mostly the name segment (/v1/basins/{basin}, /v1/streams/{stream}/…), sometimes any.
    int i = parts.length > 3 && rnd.nextInt(4) > 0 ? 3 : 1 + rnd.nextInt(parts.length - 1);
    String name = pick(rnd, NAMES);
    parts[i] = name;
    req.path = String.join("/", parts);
    return "path[" + i + "]=" + abbreviate(name);
  }

  private static String mutateQuery(Random rnd, Req req) {
    String key = pick(rnd, QUERY_KEYS);
    String value = pick(rnd, QUERY_VALUES);
    switch (rnd.nextInt(4)) {
      case 0:
        if (!req.query.isEmpty()) {
          String[] existing = req.query.get(rnd.nextInt(req.query.size()));
          existing[1] = value;
          return "query " + existing[0] + "=" + abbreviate(value);
        }
        req.query(key, value);
        return "query " + key + "=" + abbreviate(value);
      case 1:
        req.query(key, value);
        return "query +" + key + "=" + abbreviate(value);
      case 2:
        req.query(key, null);
        return "query flag " + key;
      default:
        if (!req.query.isEmpty()) {
          String[] existing = req.query.get(rnd.nextInt(req.query.size()));
          req.query(existing[0], existing[1]);
          return "query repeated " + existing[0];
        }
        req.query(key, "0");
        return "query +" + key + "=0";
    }
  }

  private static String mutateHeader(Random rnd, Req req) {
    String name = pick(rnd, HEADERS);
    if (rnd.nextInt(5) == 0) {
      req.headers.remove(name);
      return "header -" + name;
    }
    String value = rnd.nextInt(4) == 0 ? randomPrintable(rnd, 1 + rnd.nextInt(80))
        : pick(rnd, HEADER_VALUES);
    if (name.equals("s2-basin") && value.equals("canary-basin")) {
      return "header(kept)";
    }
    if (req.sse && name.equals("accept")) {
      return "header(kept)"; // another Accept would turn the bounded SSE read into something else
    }
    req.headers.put(name, value);
    return "header " + name + "=" + abbreviate(value);
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
    out.write(b, 0, from);
    out.writeBytes(insert);
    out.write(b, to, b.length - to);
    return out.toByteArray();
  }

  private static byte[] randomBytes(Random rnd, int n) {
    byte[] bytes = new byte[n];
    rnd.nextBytes(bytes);
    return bytes;
  }

  private static String randomPrintable(Random rnd, int n) {
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      out.append((char) (0x21 + rnd.nextInt(0x7e - 0x21)));
    }
    return out.toString();
  }

  private static String pick(Random rnd, String[] values) {
    return values[rnd.nextInt(values.length)];
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 20) + "…(" + s.length() + ")" : s;
  }

  // ---------------------------------------------------------------------------------------------
  // The run

  /** One keep-alive connection, reopened whenever the server closes it. */
  private static final class Connection implements AutoCloseable {
    private Socket socket;
    private java.io.InputStream in;

    ServerHarness.Raw exchange(byte[] request) throws IOException {
      for (int attempt = 0; ; attempt++) {
        if (socket == null) {
          socket = s.socket();
          in = new java.io.BufferedInputStream(socket.getInputStream());
        }
        try {
          socket.getOutputStream().write(request);
          socket.getOutputStream().flush();
          ServerHarness.Raw response = ServerHarness.readResponse(in);
          if (response.status() < 0 || response.closed()) {
            close();
          }
          if (response.status() >= 0 || attempt > 0) {
            return response;
          }
        } catch (IOException e) {
          close();
          if (attempt > 0) {
            throw e;
          }
        }
        // The server had closed this keep-alive connection (idle timeout): retry once on a new one.
      }
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
        socket = null;
      }
    }
  }

  @Test
  void mutatedRequestsGet4xxWithS2BodiesAndNeverHurtTheServer() throws Exception {
    int cases = Integer.getInteger(CASES_PROPERTY, DEFAULT_CASES);
    long seed = Long.getLong(SEED_PROPERTY, 20261127L);
    Random rnd = new Random(seed);
    s.assertServing();
    int threadsBefore = LiveServer.threadCount();
    long heapBefore = LiveServer.heapAfterGc();
    long tail = s.tail(BASIN, WATCHED);
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, Integer> codes = new TreeMap<>();
    int framing = 0;
    long framingNanos = 0;
    long started = System.nanoTime();
    try (Connection connection = new Connection()) {
      for (int n = 0; n < cases; n++) {
        if (n % 250 == 249) {
          s.assertServing();
        }
        Req req = seed(rnd, n);
        String mutation = mutate(rnd, req);
        if (rnd.nextInt(3) == 0) {
          mutation += " + " + mutate(rnd, req);
        }
        boolean watched = req.appendsToWatched();
        String context = "case " + n + " (seed " + seed + "): " + req.method + " " + req.path
            + abbreviate(req.queryText()) + " " + mutation;
        ServerHarness.Raw response;
        boolean framed = rnd.nextInt(40) == 0;
        if (framed) {
          framing++;
          context += " (framing mutation)";
          long t0 = System.nanoTime();
          response = framingCase(rnd, req.serialize(s.root));
          framingNanos += System.nanoTime() - t0;
          if (response.status() >= 0) {
            assertThat(response.status()).as(context).isBetween(100, 499);
          }
        } else {
          response = connection.exchange(req.serialize(s.root));
          check(response, context);
          codes.merge(codeOf(response), 1, Integer::sum);
        }
        statuses.merge(response.status(), 1, Integer::sum);
        if (!req.path.startsWith(WATCHED_PATH) && !watched) {
          continue; // only requests on the watched stream's records can move its tail
        }
        long now = s.tail(BASIN, WATCHED);
        if (framed && (response.status() < 0 || response.status() < 300)) {
          // A request garbled on the wire may still be a valid append, and its answer may be lost
          // to the half-close: the tail can only have moved forward.
          assertThat(now).as("tail after " + context).isGreaterThanOrEqualTo(tail);
          tail = now;
        } else if (watched && response.status() == 200) {
          for (long[] ack : acksOf(response, context)) {
            assertThat(ack[0]).as("ack start: " + context).isEqualTo(tail);
            tail = ack[1];
          }
        }
        assertThat(now).as("tail after " + context).isEqualTo(tail);
      }
    }
    s.assertServing();
    long heapAfter = LiveServer.heapAfterGc();
    int threadsAfter = LiveServer.threadCount();
    System.out.printf(
        "RequestFuzzTest: %d cases (%d framing, %d ms) in %d ms, seed %d; statuses %s; codes %s;"
            + " threads %d -> %d; heap %d MiB -> %d MiB%n",
        cases, framing, framingNanos / 1_000_000, (System.nanoTime() - started) / 1_000_000, seed, statuses, codes,
        threadsBefore, threadsAfter, heapBefore >> 20, heapAfter >> 20);
    assertThat(statuses.keySet()).allMatch(status -> status < 500);
    assertThat(threadsAfter).as("threads").isLessThan(threadsBefore + 16);
    assertThat(heapAfter).as("heap after GC").isLessThan(heapBefore + 128L * 1024 * 1024);
  }

  /** The raw request with a few bytes anywhere changed, on a fresh connection. */
  private static ServerHarness.Raw framingCase(Random rnd, byte[] request) throws IOException {
    byte[] bytes = request.clone();
    for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
      int at = rnd.nextInt(bytes.length);
      bytes[at] = switch (rnd.nextInt(4)) {
        case 0 -> (byte) '\n';
        case 1 -> (byte) ':';
        case 2 -> (byte) ' ';
        default -> (byte) rnd.nextInt(256);
      };
    }
    try (Socket socket = s.socket()) {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      return ServerHarness.readResponse(socket.getInputStream());
    } catch (IOException e) {
      return new ServerHarness.Raw(-1, e.toString(), new byte[0], true);
    }
  }

  private static void check(ServerHarness.Raw response, String context) {
    int status = response.status();
    assertThat(status).as("no answer to a well-framed request: " + context).isGreaterThan(0);
    assertThat(status).as(context + " -> " + response.bodyText()).isLessThan(500);
    if (status < 400) {
      return;
    }
    String body = response.bodyText();
    String type = response.header("content-type");
    if ((status == 404 || status == 405) && body.isEmpty()) {
      return; // an unknown route (protocol §2)
    }
    if (status == 400 && body.isEmpty() && response.closed()) {
      return; // the HTTP decoder refusing a malformed body framing (a bad chunk) mid-request
    }
    if (status == 416) {
      assertThat(LiveServer.parse(body).path("tail").path("seq_num").isNumber())
          .as(context + " -> " + body).isTrue();
      return;
    }
    if (status == 412) {
      JsonNode node = LiveServer.parse(body);
      assertThat(node.has("seq_num_mismatch") || node.has("fencing_token_mismatch"))
          .as(context + " -> " + body).isTrue();
      return;
    }
    try {
      LiveServer.assertS2Error(status, type, body);
    } catch (AssertionError e) {
      throw new AssertionError(context + " -> " + status + " " + body, e);
    }
  }

  private static String codeOf(ServerHarness.Raw response) {
    if (response.status() < 400) {
      return "ok";
    }
    String body = response.bodyText();
    if (body.startsWith("{\"code\":\"")) {
      return LiveServer.parse(body).path("code").asText();
    }
    return String.valueOf(response.status());
  }

  /**
   * The {start, end} seq_nums of the acks of a successful append: JSON, protobuf, or the frames
   * of an s2s session (whose terminal frame, if any, must carry a 4xx S2 error).
   */
  private static List<long[]> acksOf(ServerHarness.Raw response, String context) {
    String type = String.valueOf(response.header("content-type"));
    if (type.startsWith(LiveServer.JSON)) {
      JsonNode ack = LiveServer.parse(response.bodyText());
      return List.of(new long[] {
          ack.path("start").path("seq_num").asLong(), ack.path("end").path("seq_num").asLong()});
    }
    List<long[]> acks = new ArrayList<>();
    if (type.equals("s2s/proto")) {
      new S2sFrameDecoder().decode(response.body(), frame -> {
        if (frame instanceof S2sFrame.Terminal terminal) {
          String json = terminal.json();
          if (terminal.status() != 412) {
            LiveServer.assertS2Error(terminal.status(), LiveServer.JSON, json);
          }
        } else {
          AppendAck ack = ProtoCodec.decodeAppendAck(
              BytesInternals.array(((S2sFrame.Message) frame).body()));
          acks.add(new long[] {ack.start().seqNum(), ack.end().seqNum()});
        }
      });
      return acks;
    }
    AppendAck ack = ProtoCodec.decodeAppendAck(response.body());
    acks.add(new long[] {ack.start().seqNum(), ack.end().seqNum()});
    return acks;
  }
}

package dev.s2reactive.server;

import static dev.s2reactive.server.ServerHarness.assertError;
import static dev.s2reactive.server.ServerHarness.assertStatus;
import static dev.s2reactive.server.ServerHarness.enc;
import static dev.s2reactive.server.ServerHarness.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/streams} end to end through a real server (protocol §1.2, §3, §4.2, §4.6, §11). */
class StreamConformanceTest {

  private static final String BASIN = "stream-tests-1";
  private static final Pattern INFO =
      Pattern.compile(
          "\\{\"name\":(\"(?:[^\"\\\\]|\\\\.)*\"),\"created_at\":\"[^\"]+Z\","
              + "\"deleted_at\":(null|\"[^\"]+Z\"),\"cipher\":null}");
  private static final String RESOLVED_DEFAULT =
      "{\"storage_class\":\"express\",\"retention_policy\":{\"age\":604800},"
          + "\"timestamping\":{\"mode\":\"client-prefer\",\"uncapped\":false},"
          + "\"delete_on_empty\":{\"min_age_secs\":0}}";

  private static ServerHarness h;

  @BeforeAll
  static void start() {
    h = ServerHarness.start();
    h.createBasin(BASIN);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static HttpRequest.Builder in(HttpRequest.Builder request) {
    return request.header("s2-basin", BASIN);
  }

  private static HttpResponse<String> create(String stream, String config) {
    String body = "{\"stream\":" + jsonString(stream)
        + (config == null ? "" : ",\"config\":" + config) + "}";
    return h.send(in(h.json("POST", "/v1/streams", body)));
  }

  private static void assertInfo(String body, String name, boolean deleted) {
    Matcher m = INFO.matcher(body);
    assertThat(m.matches()).as(body).isTrue();
    assertThat(m.group(1)).isEqualTo(jsonString(name));
    assertThat(m.group(2).equals("null")).isEqualTo(!deleted);
  }

  @Test
  void streamRoutesNeedTheBasinHeader() {
    assertError(h.send(h.get("/v1/streams")), 400, "bad_header", "Missing header `s2-basin`");
    assertError(h.send(h.get("/v1/streams/s")), 400, "bad_header", "Missing header `s2-basin`");
    assertError(h.send(h.json("POST", "/v1/streams", "{\"stream\":\"s\"}")), 400, "bad_header",
        "Missing header `s2-basin`");
    assertError(h.send(h.get("/v1/streams").header("s2-basin", "NOT_A_BASIN")), 400,
        "bad_header", null);
    assertError(h.send(h.get("/v1/streams").header("s2-basin", "x".repeat(5000))), 400,
        "bad_header", null);
  }

  @Test
  void createAnswers201WithStreamInfoAndResolvesTheConfig() {
    HttpResponse<String> created = create("create/one", null);
    assertStatus(created, 201);
    assertThat(created.headers().firstValue("s2-provision-result")).hasValue("created");
    assertThat(created.headers().firstValue("content-type")).hasValue("application/json");
    assertInfo(created.body(), "create/one", false);

    HttpResponse<String> config = h.send(in(h.get("/v1/streams/" + enc("create/one"))));
    assertStatus(config, 200);
    assertThat(config.body()).isEqualTo(RESOLVED_DEFAULT);

    assertError(create("create/one", null), 409, "resource_already_exists",
        "stream `create/one` in basin `" + BASIN + "` already exists");
    assertError(h.send(h.json("POST", "/v1/streams", "{\"stream\":\"x\"}")
        .header("s2-basin", "missing-basin")), 404, "basin_not_found",
        "basin `missing-basin` not found");
  }

  @Test
  void createMergesBasinDefaultsAtCreation() {
    h.send(h.json("PUT", "/v1/basins/stream-defaults-1",
        "{\"config\":{\"default_stream_config\":{\"storage_class\":\"standard\","
            + "\"retention_policy\":{\"infinite\":{}}}}}"));
    assertStatus(h.send(h.json("POST", "/v1/streams",
        "{\"stream\":\"d\",\"config\":{\"retention_policy\":{\"age\":60}}}")
        .header("s2-basin", "stream-defaults-1")), 201);
    assertThat(h.send(h.get("/v1/streams/d").header("s2-basin", "stream-defaults-1")).body())
        .isEqualTo("{\"storage_class\":\"standard\",\"retention_policy\":{\"age\":60},"
            + "\"timestamping\":{\"mode\":\"client-prefer\",\"uncapped\":false},"
            + "\"delete_on_empty\":{\"min_age_secs\":0}}");
  }

  @Test
  void createWithRequestTokenReplaysAndConflicts() {
    String config = "{\"storage_class\":\"standard\"}";
    String body = "{\"stream\":\"replayed\",\"config\":" + config + "}";
    HttpResponse<String> first =
        h.send(in(h.json("POST", "/v1/streams", body)).header("s2-request-token", "r-1"));
    assertStatus(first, 201);
    HttpResponse<String> replay =
        h.send(in(h.json("POST", "/v1/streams", body)).header("s2-request-token", "r-1"));
    assertStatus(replay, 201);
    assertThat(replay.headers().firstValue("s2-provision-result")).hasValue("noop");
    assertThat(replay.body()).isEqualTo(first.body());
    String exists = "stream `replayed` in basin `" + BASIN + "` already exists";
    assertError(h.send(in(h.json("POST", "/v1/streams", body)).header("s2-request-token", "r-2")),
        409, "resource_already_exists", exists);
    assertError(h.send(in(h.json("POST", "/v1/streams", "{\"stream\":\"replayed\"}"))
        .header("s2-request-token", "r-1")), 409, "resource_already_exists", exists);
    assertError(h.send(in(h.json("POST", "/v1/streams", body))
        .header("s2-request-token", "r".repeat(37))), 400, "bad_header", null);
  }

  @Test
  void createRejectsBadBodies() {
    assertError(create("", null), 400, "bad_json", null);
    assertError(create(".", null), 400, "bad_json", null);
    assertError(create("..", null), 400, "bad_json", null);
    assertError(create("x".repeat(513), null), 400, "bad_json", null);
    assertError(create("age-zero", "{\"retention_policy\":{\"age\":0}}"), 422, "invalid",
        "age must be greater than 0 seconds");
    assertError(create("neg-age", "{\"retention_policy\":{\"age\":-1}}"), 400, "bad_json", null);
    assertError(create("str-age", "{\"retention_policy\":{\"age\":\"60\"}}"), 400, "bad_json",
        null);
    assertError(create("bad-class", "{\"storage_class\":\"gold\"}"), 400, "bad_json", null);
    assertError(h.send(in(h.json("POST", "/v1/streams", "{\"stream\":\"\\ud800\"}"))), 400,
        "bad_json", null);
    assertError(h.send(in(h.request("/v1/streams").header("content-type", "text/json")
        .POST(BodyPublishers.ofString("{\"stream\":\"t\"}")))), 400, "bad_json",
        "Expected request with `Content-Type: application/json`");
    assertStatus(create("x".repeat(512), null), 201);
  }

  @Test
  void namesAreDecodedFromThePathAndValidated() {
    String name = "a/b c+d%e?f#g\u00e9\ud83d\ude00";
    assertStatus(create(name, null), 201);
    assertStatus(h.send(in(h.get("/v1/streams/" + enc(name)))), 200);
    // A literal '+' in a path is a plus, not a space.
    assertStatus(create("p+q", null), 201);
    assertStatus(h.send(in(h.get("/v1/streams/p+q"))), 200);

    assertError(h.send(in(h.get("/v1/streams/%2E"))), 400, "bad_path", null);
    assertError(h.send(in(h.get("/v1/streams/%2E%2E"))), 400, "bad_path", null);
    assertError(h.send(in(h.get("/v1/streams/" + "x".repeat(513)))), 400, "bad_path", null);
    assertError(h.send(in(h.get("/v1/streams/%FF%FE"))), 400, "bad_path", null);
    assertError(h.send(in(h.get("/v1/streams/never-created"))), 404, "stream_not_found",
        "stream `never-created` in basin `" + BASIN + "` not found");
  }

  @Test
  void ensureCreatesReplacesAndNoops() {
    HttpResponse<String> created =
        h.send(in(h.request("/v1/streams/ensured").PUT(BodyPublishers.noBody())));
    assertStatus(created, 201);
    assertThat(created.headers().firstValue("s2-provision-result")).hasValue("created");
    assertInfo(created.body(), "ensured", false);

    HttpResponse<String> noop = h.send(in(h.json("PUT", "/v1/streams/ensured", "")));
    assertStatus(noop, 200);
    assertThat(noop.headers().firstValue("s2-provision-result")).hasValue("noop");

    HttpResponse<String> updated = h.send(in(h.json("PUT", "/v1/streams/ensured",
        "{\"timestamping\":{\"mode\":\"arrival\"}}")));
    assertStatus(updated, 200);
    assertThat(updated.headers().firstValue("s2-provision-result")).hasValue("updated");
    assertThat(h.send(in(h.get("/v1/streams/ensured"))).body()).isEqualTo(
        "{\"storage_class\":\"express\",\"retention_policy\":{\"age\":604800},"
            + "\"timestamping\":{\"mode\":\"arrival\",\"uncapped\":false},"
            + "\"delete_on_empty\":{\"min_age_secs\":0}}");

    // The body is a bare StreamConfig that replaces the whole config.
    assertThat(h.send(in(h.json("PUT", "/v1/streams/ensured", "{}")))
        .headers().firstValue("s2-provision-result")).hasValue("updated");
    assertThat(h.send(in(h.get("/v1/streams/ensured"))).body()).isEqualTo(RESOLVED_DEFAULT);

    assertError(h.send(in(h.json("PUT", "/v1/streams/ensured",
        "{\"retention_policy\":{\"age\":0}}"))), 422, "invalid", null);
    assertError(h.send(h.json("PUT", "/v1/streams/x", "{}").header("s2-basin", "gone-basin")),
        404, "basin_not_found", "basin `gone-basin` not found");
  }

  @Test
  void reconfigurePatchesAndReturnsTheResolvedConfig() {
    assertStatus(create("patched", null), 201);
    HttpResponse<String> patched = h.send(in(h.json("PATCH", "/v1/streams/patched",
        "{\"timestamping\":{\"uncapped\":true},\"delete_on_empty\":{\"min_age_secs\":30}}")));
    assertStatus(patched, 200);
    assertThat(patched.body()).isEqualTo(
        "{\"storage_class\":\"express\",\"retention_policy\":{\"age\":604800},"
            + "\"timestamping\":{\"mode\":\"client-prefer\",\"uncapped\":true},"
            + "\"delete_on_empty\":{\"min_age_secs\":30}}");
    HttpResponse<String> reset = h.send(in(h.json("PATCH", "/v1/streams/patched",
        "{\"timestamping\":null,\"delete_on_empty\":null}")));
    assertThat(reset.body()).isEqualTo(RESOLVED_DEFAULT);

    assertError(h.send(in(h.json("PATCH", "/v1/streams/unknown-stream", "{}"))), 404,
        "stream_not_found", "stream `unknown-stream` in basin `" + BASIN + "` not found");
    assertError(h.send(h.json("PATCH", "/v1/streams/x", "{}").header("s2-basin", "gone-basin")),
        404, "basin_not_found", "basin `gone-basin` not found");
    assertError(h.send(in(h.json("PATCH", "/v1/streams/patched",
        "{\"retention_policy\":{\"age\":0}}"))), 422, "invalid", null);
    assertError(h.send(in(h.json("PATCH", "/v1/streams/patched", "[]"))), 400, "bad_json",
        null);
  }

  @Test
  void deletionIsAsynchronousAndPendingUntilCleanedUp() {
    h.createBasin("stream-delete-1");
    h.createStream("stream-delete-1", "doomed");
    h.createStream("stream-delete-1", "kept");
    HttpRequest.Builder delete =
        h.request("/v1/streams/doomed").header("s2-basin", "stream-delete-1").DELETE();
    HttpResponse<String> deleted = h.send(delete);
    assertStatus(deleted, 202);
    assertThat(deleted.body()).isEmpty();
    assertStatus(h.send(delete), 202);

    HttpResponse<String> listed =
        h.send(h.get("/v1/streams").header("s2-basin", "stream-delete-1"));
    Matcher m = Pattern.compile("\\{\"streams\":\\[(\\{.*?}),(\\{.*})],\"has_more\":false}")
        .matcher(listed.body());
    assertThat(m.matches()).as(listed.body()).isTrue();
    assertInfo(m.group(1), "doomed", true);
    assertInfo(m.group(2), "kept", false);

    for (HttpRequest.Builder pending : new HttpRequest.Builder[] {
        h.get("/v1/streams/doomed"),
        h.json("PATCH", "/v1/streams/doomed", "{}"),
        h.json("PUT", "/v1/streams/doomed", "{}"),
        h.json("POST", "/v1/streams", "{\"stream\":\"doomed\"}")}) {
      assertError(h.send(pending.header("s2-basin", "stream-delete-1")), 409,
          "stream_deletion_pending", "stream deletion pending");
    }

    h.runCleanups();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (h.send(h.get("/v1/streams/doomed").header("s2-basin", "stream-delete-1"))
        .statusCode() != 404) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertError(h.send(h.request("/v1/streams/doomed").header("s2-basin", "stream-delete-1")
        .DELETE()), 404, "stream_not_found",
        "stream `doomed` in basin `stream-delete-1` not found");
    assertThat(names(h.send(h.get("/v1/streams").header("s2-basin", "stream-delete-1")).body()))
        .isEqualTo("\"kept\"|false");
  }

  @Test
  void deletingABasinDeletesItsStreams() {
    h.createBasin("stream-delete-2");
    h.createStream("stream-delete-2", "s");
    assertStatus(h.send(h.request("/v1/basins/stream-delete-2").DELETE()), 202);
    assertError(h.send(h.get("/v1/streams/s").header("s2-basin", "stream-delete-2")), 409,
        "stream_deletion_pending", "stream deletion pending");
    HttpResponse<String> listed =
        h.send(h.get("/v1/streams").header("s2-basin", "stream-delete-2"));
    assertThat(listed.body()).contains("\"deleted_at\":\"");
  }

  @Test
  void listPaginatesAndIsEmptyForAMissingBasin() {
    h.createBasin("stream-list-1");
    for (String name : new String[] {"b", "a/2", "a/1", "a/10", "c", "\u00e9"}) {
      h.createStream("stream-list-1", name);
    }
    HttpRequest.Builder all = h.get("/v1/streams?limit=1000").header("s2-basin", "stream-list-1");
    assertThat(names(h.send(all).body()))
        .isEqualTo("\"a/1\",\"a/10\",\"a/2\",\"b\",\"c\",\"\u00e9\"|false");
    assertThat(names(h.send(h.get("/v1/streams?prefix=a%2F&limit=2")
        .header("s2-basin", "stream-list-1")).body())).isEqualTo("\"a/1\",\"a/10\"|true");
    assertThat(names(h.send(h.get("/v1/streams?prefix=a/&limit=2&start_after=a/10")
        .header("s2-basin", "stream-list-1")).body())).isEqualTo("\"a/2\"|false");
    assertThat(names(h.send(h.get("/v1/streams?start_after=c")
        .header("s2-basin", "stream-list-1")).body())).isEqualTo("\"\u00e9\"|false");

    assertThat(h.send(h.get("/v1/streams").header("s2-basin", "no-such-basin")).body())
        .isEqualTo("{\"streams\":[],\"has_more\":false}");
    for (String query : new String[] {"limit=x", "limit=-5", "prefix=" + "p".repeat(513),
        "start_after=" + "p".repeat(513), "limit=1&limit=1"}) {
      assertError(h.send(h.get("/v1/streams?" + query).header("s2-basin", "stream-list-1")), 400,
          "bad_query", null);
    }
  }

  private static String names(String body) {
    Matcher names = Pattern.compile("\"name\":(\"(?:[^\"\\\\]|\\\\.)*\")").matcher(body);
    StringBuilder out = new StringBuilder();
    while (names.find()) {
      out.append(out.length() == 0 ? "" : ",").append(names.group(1));
    }
    assertThat(body).startsWith("{\"streams\":[");
    return out + "|" + body.endsWith("\"has_more\":true}");
  }
}

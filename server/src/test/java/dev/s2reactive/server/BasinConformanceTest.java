package dev.s2reactive.server;

import static dev.s2reactive.server.ServerHarness.assertError;
import static dev.s2reactive.server.ServerHarness.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/basins} end to end through a real server (protocol §3, §4.1, §4.6, §10, §11). */
class BasinConformanceTest {

  private static final Pattern INFO =
      Pattern.compile(
          "\\{\"name\":\"([a-z0-9-]+)\",\"location\":null,\"created_at\":\"([^\"]+)\","
              + "\"deleted_at\":(null|\"[^\"]+\"),\"state\":\"(active|deleting)\"}");
  private static final String DEFAULT_CONFIG =
      "{\"default_stream_config\":null,\"stream_cipher\":null,"
          + "\"create_stream_on_append\":false,\"create_stream_on_read\":false}";

  private static ServerHarness h;

  @BeforeAll
  static void start() {
    h = ServerHarness.start();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /** Checks the exact BasinInfo shape and returns its created_at. */
  private static Instant assertInfo(String body, String name, boolean deleting) {
    Matcher m = INFO.matcher(body);
    assertThat(m.matches()).as(body).isTrue();
    assertThat(m.group(1)).isEqualTo(name);
    assertThat(m.group(4)).isEqualTo(deleting ? "deleting" : "active");
    assertThat(m.group(3).equals("null")).isEqualTo(!deleting);
    assertThat(m.group(2)).endsWith("Z");
    return OffsetDateTime.parse(m.group(2)).toInstant();
  }

  @Test
  void createAnswers201WithInfoAndProvisionResult() {
    Instant before = Instant.now();
    HttpResponse<String> created =
        h.send(h.json("POST", "/v1/basins", "{\"basin\":\"create-basin-1\"}"));
    assertStatus(created, 201);
    assertThat(created.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(created.headers().firstValue("s2-provision-result")).hasValue("created");
    Instant createdAt = assertInfo(created.body(), "create-basin-1", false);
    assertThat(createdAt).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));

    assertError(h.send(h.json("POST", "/v1/basins", "{\"basin\":\"create-basin-1\"}")), 409,
        "resource_already_exists", "basin `create-basin-1` already exists");
    assertThat(h.send(h.get("/v1/basins/create-basin-1")).body()).isEqualTo(DEFAULT_CONFIG);
  }

  @Test
  void createWithRequestTokenReplaysAsNoopAndConflictsOtherwise() {
    String body = "{\"basin\":\"replay-basin-1\",\"config\":{\"create_stream_on_read\":true}}";
    HttpResponse<String> first =
        h.send(h.json("POST", "/v1/basins", body).header("s2-request-token", "tok-1"));
    assertStatus(first, 201);

    HttpResponse<String> replay =
        h.send(h.json("POST", "/v1/basins", body).header("s2-request-token", "tok-1"));
    assertStatus(replay, 201);
    assertThat(replay.headers().firstValue("s2-provision-result")).hasValue("noop");
    assertThat(replay.body()).isEqualTo(first.body());

    String conflict = "basin `replay-basin-1` already exists";
    assertError(h.send(h.json("POST", "/v1/basins", body).header("s2-request-token", "tok-2")),
        409, "resource_already_exists", conflict);
    assertError(h.send(h.json("POST", "/v1/basins", body)), 409, "resource_already_exists",
        conflict);
    assertError(h.send(h.json("POST", "/v1/basins", "{\"basin\":\"replay-basin-1\"}")
        .header("s2-request-token", "tok-1")), 409, "resource_already_exists", conflict);
  }

  @Test
  void createRejectsBadBodiesHeadersAndConfigs() {
    assertError(h.send(h.request("/v1/basins").POST(BodyPublishers.ofString(
        "{\"basin\":\"bad-create-1\"}"))), 400, "bad_json",
        "Expected request with `Content-Type: application/json`");
    assertError(h.send(h.json("POST", "/v1/basins", "{\"basin\":\"Bad-Create\"}")), 400,
        "bad_json", null);
    assertError(h.send(h.json("POST", "/v1/basins", "{\"basin\":\"short\"}")), 400, "bad_json",
        null);
    assertError(h.send(h.json("POST", "/v1/basins", "{\"basin\":\"" + "a".repeat(49) + "\"}")),
        400, "bad_json", null);
    assertError(h.send(h.json("POST", "/v1/basins", "{}")), 400, "bad_json", null);
    assertError(h.send(h.json("POST", "/v1/basins", "")), 400, "bad_json", null);
    assertError(h.send(h.json("POST", "/v1/basins", "null")), 400, "bad_json", null);
    assertError(h.send(h.json("POST", "/v1/basins", "{\"basin\":7}")), 400, "bad_json", null);
    assertError(h.send(h.json("POST", "/v1/basins", "{\"basin\":\"bad-create-1\"} {}")), 400,
        "bad_json", null);
    assertError(h.send(h.json("POST", "/v1/basins", "{\"basin\":\"bad-create-1\"}")
        .header("s2-request-token", "t".repeat(37))), 400, "bad_header", null);
    assertError(h.send(h.json("POST", "/v1/basins",
        "{\"basin\":\"bad-create-1\",\"config\":{\"default_stream_config\":"
            + "{\"retention_policy\":{\"age\":0}}}}")), 422, "invalid",
        "age must be greater than 0 seconds");
    assertError(h.send(h.json("POST", "/v1/basins",
        "{\"basin\":\"bad-create-1\",\"config\":{\"stream_cipher\":\"rot13\"}}")), 400,
        "bad_json", null);
    // None of them created anything.
    assertError(h.send(h.get("/v1/basins/bad-create-1")), 404, "basin_not_found",
        "basin `bad-create-1` not found");
  }

  @Test
  void createAcceptsJsonSuffixTypesAndIgnoresUnknownFieldsAndOldScope() {
    HttpResponse<String> created = h.send(h.request("/v1/basins")
        .header("content-type", "application/vnd.s2+json; charset=utf-8")
        .POST(BodyPublishers.ofString(
            "{\"basin\":\"suffix-basin-1\",\"scope\":\"aws:us-east-1\",\"extra\":[1,{}]}")));
    assertStatus(created, 201);
    assertInfo(created.body(), "suffix-basin-1", false);
    HttpResponse<String> located = h.send(h.json("POST", "/v1/basins",
        "{\"basin\":\"located-basin-1\",\"location\":\"aws:us-east-1\"}"));
    assertStatus(located, 201);
    assertInfo(located.body(), "located-basin-1", false);
  }

  @Test
  void getReturnsTheConfigOr404OrBadPath() {
    h.send(h.json("POST", "/v1/basins",
        "{\"basin\":\"get-basin-1\",\"config\":{\"default_stream_config\":"
            + "{\"storage_class\":\"standard\",\"timestamping\":{\"mode\":\"arrival\"}},"
            + "\"create_stream_on_append\":true}}"));
    HttpResponse<String> got = h.send(h.get("/v1/basins/get-basin-1"));
    assertStatus(got, 200);
    assertThat(got.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(got.body()).isEqualTo(
        "{\"default_stream_config\":{\"storage_class\":\"standard\",\"retention_policy\":null,"
            + "\"timestamping\":{\"mode\":\"arrival\",\"uncapped\":null},"
            + "\"delete_on_empty\":null},\"stream_cipher\":null,"
            + "\"create_stream_on_append\":true,\"create_stream_on_read\":false}");

    assertError(h.send(h.get("/v1/basins/no-such-basin")), 404, "basin_not_found",
        "basin `no-such-basin` not found");
    assertError(h.send(h.get("/v1/basins/UPPER-CASE")), 400, "bad_path", null);
    assertError(h.send(h.get("/v1/basins/short")), 400, "bad_path", null);
    assertError(h.send(h.get("/v1/basins/-leading-dash")), 400, "bad_path", null);
    assertError(h.send(h.get("/v1/basins/" + "a".repeat(49))), 400, "bad_path", null);
    ServerHarness.Raw badEscape = h.raw(h.head("GET", "/v1/basins/bad%ZZpath"));
    assertThat(badEscape.status()).isEqualTo(400);
    assertThat(badEscape.bodyText()).startsWith("{\"code\":\"bad_path\"");
  }

  @Test
  void ensureCreatesUpdatesAndNoops() {
    HttpResponse<String> created = h.send(h.request("/v1/basins/ensure-basin-1")
        .PUT(BodyPublishers.noBody()));
    assertStatus(created, 201);
    assertThat(created.headers().firstValue("s2-provision-result")).hasValue("created");
    assertInfo(created.body(), "ensure-basin-1", false);

    HttpResponse<String> noop = h.send(h.json("PUT", "/v1/basins/ensure-basin-1", ""));
    assertStatus(noop, 200);
    assertThat(noop.headers().firstValue("s2-provision-result")).hasValue("noop");
    assertThat(noop.body()).isEqualTo(created.body());

    HttpResponse<String> updated = h.send(h.json("PUT", "/v1/basins/ensure-basin-1",
        "{\"config\":{\"create_stream_on_read\":true}}"));
    assertStatus(updated, 200);
    assertThat(updated.headers().firstValue("s2-provision-result")).hasValue("updated");
    assertThat(updated.body()).isEqualTo(created.body());
    assertThat(h.send(h.get("/v1/basins/ensure-basin-1")).body())
        .contains("\"create_stream_on_read\":true");

    // PUT replaces the whole config: no config means the default again.
    HttpResponse<String> reset = h.send(h.json("PUT", "/v1/basins/ensure-basin-1", "{}"));
    assertThat(reset.headers().firstValue("s2-provision-result")).hasValue("updated");
    assertThat(h.send(h.get("/v1/basins/ensure-basin-1")).body()).isEqualTo(DEFAULT_CONFIG);

    assertError(h.send(h.json("PUT", "/v1/basins/ensure-basin-1", "null")), 400, "bad_json",
        null);
    assertError(h.send(h.request("/v1/basins/ensure-basin-1").header("content-type", "text/plain")
        .PUT(BodyPublishers.noBody())), 400, "bad_json",
        "Expected request with `Content-Type: application/json`");
    assertError(h.send(h.request("/v1/basins/ensure-basin-1")
        .PUT(BodyPublishers.ofString("{}"))), 400, "bad_json",
        "Expected request with `Content-Type: application/json`");
    assertError(h.send(h.json("PUT", "/v1/basins/Ensure", "{}")), 400, "bad_path", null);
  }

  @Test
  void reconfigurePatchesTheConfig() {
    h.createBasin("patch-basin-1");
    HttpResponse<String> patched = h.send(h.json("PATCH", "/v1/basins/patch-basin-1",
        "{\"default_stream_config\":{\"retention_policy\":{\"infinite\":{}}},"
            + "\"create_stream_on_append\":true}"));
    assertStatus(patched, 200);
    assertThat(patched.body()).isEqualTo(
        "{\"default_stream_config\":{\"storage_class\":null,\"retention_policy\":"
            + "{\"infinite\":{}},\"timestamping\":null,\"delete_on_empty\":null},"
            + "\"stream_cipher\":null,\"create_stream_on_append\":true,"
            + "\"create_stream_on_read\":false}");
    HttpResponse<String> cleared = h.send(h.json("PATCH", "/v1/basins/patch-basin-1",
        "{\"default_stream_config\":null}"));
    assertThat(cleared.body()).isEqualTo(
        "{\"default_stream_config\":null,\"stream_cipher\":null,"
            + "\"create_stream_on_append\":true,\"create_stream_on_read\":false}");

    assertError(h.send(h.json("PATCH", "/v1/basins/patch-basin-1",
        "{\"create_stream_on_append\":null}")), 400, "bad_json", null);
    assertError(h.send(h.json("PATCH", "/v1/basins/patch-basin-1",
        "{\"default_stream_config\":{\"retention_policy\":{\"age\":0}}}")), 422, "invalid", null);
    assertError(h.send(h.json("PATCH", "/v1/basins/patch-basin-1", "")), 400, "bad_json", null);
    assertError(h.send(h.json("PATCH", "/v1/basins/no-such-basin", "{}")), 404,
        "basin_not_found", "basin `no-such-basin` not found");
    assertError(h.send(h.request("/v1/basins/patch-basin-1")
        .method("PATCH", BodyPublishers.ofString("{}"))), 400, "bad_json",
        "Expected request with `Content-Type: application/json`");
  }

  @Test
  void deletionIsAsynchronousAndVisibleInListsUntilCleanedUp() {
    h.createBasin("doomed-basin-1");
    HttpResponse<String> deleted = h.send(h.request("/v1/basins/doomed-basin-1").DELETE());
    assertStatus(deleted, 202);
    assertThat(deleted.body()).isEmpty();
    assertStatus(h.send(h.request("/v1/basins/doomed-basin-1").DELETE()), 202);

    HttpResponse<String> listed = h.send(h.get("/v1/basins?prefix=doomed-"));
    Matcher m = Pattern.compile("\\{\"basins\":\\[(.*)],\"has_more\":false}")
        .matcher(listed.body());
    assertThat(m.matches()).as(listed.body()).isTrue();
    assertInfo(m.group(1), "doomed-basin-1", true);

    // Its config stays readable; everything else is deletion_pending.
    assertThat(h.send(h.get("/v1/basins/doomed-basin-1")).body()).isEqualTo(DEFAULT_CONFIG);
    String pending = "basin `doomed-basin-1` is being deleted";
    assertError(h.send(h.json("POST", "/v1/basins", "{\"basin\":\"doomed-basin-1\"}")), 409,
        "basin_deletion_pending", pending);
    assertError(h.send(h.json("PUT", "/v1/basins/doomed-basin-1", "{}")), 409,
        "basin_deletion_pending", pending);
    assertError(h.send(h.json("PATCH", "/v1/basins/doomed-basin-1", "{}")), 409,
        "basin_deletion_pending", pending);
    assertError(h.send(h.json("POST", "/v1/streams", "{\"stream\":\"s\"}")
        .header("s2-basin", "doomed-basin-1")), 409, "basin_deletion_pending", pending);

    h.runCleanups();
    awaitStatus("/v1/basins/doomed-basin-1", 404);
    assertThat(h.send(h.get("/v1/basins?prefix=doomed-")).body())
        .isEqualTo("{\"basins\":[],\"has_more\":false}");
    assertError(h.send(h.request("/v1/basins/doomed-basin-1").DELETE()), 404, "basin_not_found",
        "basin `doomed-basin-1` not found");
    assertStatus(h.send(h.json("POST", "/v1/basins", "{\"basin\":\"doomed-basin-1\"}")), 201);
  }

  private static void awaitStatus(String path, int status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (h.send(h.get(path)).statusCode() != status) {
      assertThat(System.nanoTime()).as("waiting for %s to answer %d", path, status)
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void listPaginatesInByteOrderWithPrefixAndStartAfter() {
    for (String name : new String[] {"page-basin-c", "page-basin-a", "page-basin-b",
        "page-basin-a-2", "page-basin-d"}) {
      h.createBasin(name);
    }
    assertThat(names(h.send(h.get("/v1/basins?prefix=page-basin-&limit=2")).body()))
        .isEqualTo("page-basin-a,page-basin-a-2|true");
    assertThat(names(h.send(h.get(
        "/v1/basins?prefix=page-basin-&limit=2&start_after=page-basin-a-2")).body()))
        .isEqualTo("page-basin-b,page-basin-c|true");
    assertThat(names(h.send(h.get(
        "/v1/basins?prefix=page-basin-&limit=2&start_after=page-basin-c")).body()))
        .isEqualTo("page-basin-d|false");
    // limit 0 and limits above 1000 mean 1000; start_after may sort before the prefix.
    assertThat(names(h.send(h.get("/v1/basins?prefix=page-basin-&limit=0")).body()))
        .isEqualTo("page-basin-a,page-basin-a-2,page-basin-b,page-basin-c,page-basin-d|false");
    assertThat(names(h.send(h.get(
        "/v1/basins?prefix=page-basin-&limit=1001&start_after=a")).body()))
        .isEqualTo("page-basin-a,page-basin-a-2,page-basin-b,page-basin-c,page-basin-d|false");
    assertThat(names(h.send(h.get(
        "/v1/basins?prefix=page-basin-&limit=18446744073709551615&unknown=1")).body()))
        .endsWith("|false");
  }

  @Test
  void listRejectsBadQueries() {
    for (String query : new String[] {"limit=abc", "limit=-1", "limit=1.5", "limit=", "limit=+1",
        "limit=1&limit=2", "limit=999999999999999999999", "prefix=UPPER", "prefix=-dash",
        "start_after=Bad", "prefix=" + "a".repeat(49), "prefix=a&prefix=b"}) {
      assertError(h.send(h.get("/v1/basins?" + query)), 400, "bad_query", null);
    }
    ServerHarness.Raw badEscape = h.raw(h.head("GET", "/v1/basins?prefix=%ZZ"));
    assertThat(badEscape.status()).isEqualTo(400);
    assertThat(badEscape.bodyText()).startsWith("{\"code\":\"bad_query\"");
  }

  /** "name,name|has_more" of a ListBasinsResponse. */
  private static String names(String body) {
    Matcher names = Pattern.compile("\"name\":\"([^\"]+)\"").matcher(body);
    StringBuilder out = new StringBuilder();
    while (names.find()) {
      out.append(out.length() == 0 ? "" : ",").append(names.group(1));
    }
    assertThat(body).startsWith("{\"basins\":[");
    return out + "|" + body.endsWith("\"has_more\":true}");
  }
}

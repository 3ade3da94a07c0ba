package dev.s2reactive.server;

import static dev.s2reactive.server.ServerHarness.assertError;
import static dev.s2reactive.server.ServerHarness.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication and scope enforcement end to end (protocol §2 "Auth", §12), and the {@code
 * /v1/access-tokens} endpoints (§3, §4.4).
 */
class AuthConformanceTest {

  private static final String BASIN = "auth-basin-1";
  private static final String READER_SCOPE =
      "{\"basins\":{\"exact\":\"" + BASIN + "\"},\"streams\":{\"exact\":\"logs\"},"
          + "\"op_groups\":{\"account\":null,\"basin\":null,"
          + "\"stream\":{\"read\":true,\"write\":false}}}";

  private static ServerHarness h;

  @BeforeAll
  static void start() {
    h = ServerHarness.start();
    h.createBasin(BASIN);
    h.createStream(BASIN, "logs");
    h.createStream(BASIN, "other");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /** One request of every management and token route, with the root token. */
  private static List<HttpRequest.Builder> everyRoute() {
    return List.of(
        h.get("/v1/basins"),
        h.json("POST", "/v1/basins", "{\"basin\":\"never-made-1\"}"),
        h.get("/v1/basins/" + BASIN),
        h.json("PUT", "/v1/basins/" + BASIN, "{}"),
        h.json("PATCH", "/v1/basins/" + BASIN, "{}"),
        h.request("/v1/basins/" + BASIN).DELETE(),
        h.get("/v1/streams").header("s2-basin", BASIN),
        h.json("POST", "/v1/streams", "{\"stream\":\"new\"}").header("s2-basin", BASIN),
        h.get("/v1/streams/logs").header("s2-basin", BASIN),
        h.json("PUT", "/v1/streams/logs", "{}").header("s2-basin", BASIN),
        h.json("PATCH", "/v1/streams/logs", "{}").header("s2-basin", BASIN),
        h.request("/v1/streams/logs").header("s2-basin", BASIN).DELETE(),
        h.get("/v1/access-tokens"),
        h.json("POST", "/v1/access-tokens", "{\"id\":\"never\",\"scope\":{}}"),
        h.request("/v1/access-tokens/root").DELETE());
  }

  @Test
  void missingMalformedAndUnknownTokensAre401Authn() {
    for (HttpRequest.Builder route : everyRoute()) {
      HttpRequest.Builder anonymous = route.copy();
      HttpRequest built = anonymous.build();
      HttpRequest.Builder stripped = HttpRequest.newBuilder(built.uri())
          .method(built.method(), built.bodyPublisher().orElse(BodyPublishers.noBody()));
      built.headers().map().forEach((name, values) -> {
        if (!name.equalsIgnoreCase("authorization")) {
          values.forEach(value -> stripped.header(name, value));
        }
      });
      assertError(h.send(stripped), 401, "authn", null);
      for (String authorization : new String[] {"Bearer nope", "Basic " + h.root, "Bearer",
          "Bearer " + h.root + " extra", h.root, "Bearer  "}) {
        assertError(h.send(route.copy().setHeader("authorization", authorization)), 401,
            "authn", null);
      }
    }
    // Even a request that is wrong in other ways is a 401 first.
    assertError(h.send(h.anonymous("/v1/streams").GET()), 401, "authn", null);
    assertError(h.send(h.anonymous("/v1/basins?limit=x").GET()), 401, "authn", null);
    // The scheme is case-insensitive.
    assertStatus(h.send(h.get("/v1/basins").setHeader("authorization", "bearer " + h.root)), 200);
    // A basin still exists: none of the rejected requests did anything.
    assertStatus(h.send(h.get("/v1/streams/logs").header("s2-basin", BASIN)), 200);
  }

  @Test
  void twoAuthorizationHeadersAreRejected() {
    assertError(h.send(h.get("/v1/basins").header("authorization", "Bearer nope")), 401,
        "authn", "Multiple `Authorization` headers");
  }

  @Test
  void revokedAndExpiredTokensAre401() {
    String revoked = h.issue(
        "{\"id\":\"soon-revoked\",\"scope\":{\"op_groups\":{\"account\":{\"read\":true}}}}");
    assertStatus(h.as(revoked, h.get("/v1/basins")), 200);
    assertStatus(h.send(h.request("/v1/access-tokens/soon-revoked").DELETE()), 204);
    assertError(h.as(revoked, h.get("/v1/basins")), 401, "authn", null);

    Instant expiry = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
    String expiring = h.issue("{\"id\":\"soon-expired\",\"expires_at\":\"" + expiry + "\","
        + "\"scope\":{\"op_groups\":{\"account\":{\"read\":true}}}}");
    assertStatus(h.as(expiring, h.get("/v1/basins")), 200);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    HttpResponse<String> response;
    while ((response = h.as(expiring, h.get("/v1/basins"))).statusCode() == 200) {
      assertThat(System.nanoTime()).as("token never expired").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(Instant.now()).isAfterOrEqualTo(expiry);
    assertError(response, 401, "authn", null);
  }

  @Test
  void readOnlyStreamTokenMayOnlyReadItsStream() {
    String reader = h.issue("{\"id\":\"reader-1\",\"scope\":" + READER_SCOPE + "}");
    HttpResponse<String> own = h.as(reader, h.get("/v1/streams/logs").header("s2-basin", BASIN));
    assertStatus(own, 200);
    assertThat(own.body()).startsWith("{\"storage_class\":");

    List<HttpRequest.Builder> routes = everyRoute();
    for (HttpRequest.Builder route : routes) {
      if (route.build().uri().getPath().equals("/v1/streams/logs")
          && route.build().method().equals("GET")) {
        continue;
      }
      assertError(h.as(reader, route), 403, "permission_denied", null);
    }
    assertError(h.as(reader, h.get("/v1/streams/other").header("s2-basin", BASIN)), 403,
        "permission_denied", null);
    assertError(h.as(reader, h.get("/v1/streams/logs").header("s2-basin", "another-basin")), 403,
        "permission_denied", null);
    assertError(h.as(reader, h.get("/v1/streams/missing").header("s2-basin", BASIN)), 403,
        "permission_denied", null);
    // Nothing was changed by the refused requests.
    assertStatus(h.send(h.get("/v1/streams/logs").header("s2-basin", BASIN)), 200);
    assertThat(h.send(h.get("/v1/basins/never-made-1")).statusCode()).isEqualTo(404);
    assertThat(h.send(h.get("/v1/access-tokens?prefix=never")).body())
        .isEqualTo("{\"access_tokens\":[],\"has_more\":false}");
  }

  @Test
  void scopedListingsShowOnlyResourcesInScope() {
    h.createBasin("team-a-basin-1");
    h.createBasin("team-b-basin-1");
    String lister = h.issue("{\"id\":\"team-a-lister\",\"scope\":{\"basins\":{\"prefix\":"
        + "\"team-a-\"},\"access_tokens\":{\"prefix\":\"team-a-\"},\"ops\":[\"list-basins\","
        + "\"list-access-tokens\",\"get-basin-config\"]}}");
    assertThat(h.as(lister, h.get("/v1/basins?prefix=team-")).body())
        .contains("\"team-a-basin-1\"").doesNotContain("team-b");
    assertStatus(h.as(lister, h.get("/v1/basins/team-a-basin-1")), 200);
    assertError(h.as(lister, h.get("/v1/basins/team-b-basin-1")), 403, "permission_denied",
        null);
    HttpResponse<String> tokens = h.as(lister, h.get("/v1/access-tokens"));
    assertThat(tokens.body()).startsWith("{\"access_tokens\":[{\"id\":\"team-a-lister\"")
        .doesNotContain("\"root\"");
  }

  @Test
  void issuingMoreThanTheIssuerHoldsIs403() {
    Instant issuerExpiry = Instant.parse("2099-01-01T00:00:00Z");
    String issuer = h.issue("{\"id\":\"issuer-1\",\"expires_at\":\"" + issuerExpiry + "\","
        + "\"scope\":{\"basins\":{\"prefix\":\"team-\"},\"streams\":{\"prefix\":\"\"},"
        + "\"access_tokens\":{\"prefix\":\"issuer-1/\"},"
        + "\"ops\":[\"issue-access-token\",\"list-basins\",\"read\"]}}");
    String child = "\"streams\":{\"prefix\":\"\"},\"access_tokens\":null";
    for (String scope : new String[] {
        "{\"basins\":{\"prefix\":\"\"}," + child + ",\"ops\":[\"read\"]}",
        "{\"basins\":{\"prefix\":\"team-\"}," + child + ",\"ops\":[\"append\"]}",
        "{\"basins\":{\"prefix\":\"team-\"}," + child
            + ",\"op_groups\":{\"stream\":{\"read\":true}}}",
        "{\"basins\":{\"exact\":\"other-basin\"}," + child + ",\"ops\":[\"read\"]}"}) {
      assertError(h.as(issuer, h.json("POST", "/v1/access-tokens",
          "{\"id\":\"issuer-1/child\",\"scope\":" + scope + "}")), 403, "permission_denied",
          null);
    }
    assertError(h.as(issuer, h.json("POST", "/v1/access-tokens",
        "{\"id\":\"issuer-1/child\",\"expires_at\":\"2100-01-01T00:00:00Z\",\"scope\":"
            + "{\"basins\":{\"prefix\":\"team-x\"},\"ops\":[\"read\"]}}")), 403,
        "permission_denied", null);
    assertError(h.as(issuer, h.json("POST", "/v1/access-tokens",
        "{\"id\":\"elsewhere\",\"scope\":{\"ops\":[\"read\"]}}")), 403, "permission_denied",
        null);

    HttpResponse<String> ok = h.as(issuer, h.json("POST", "/v1/access-tokens",
        "{\"id\":\"issuer-1/child\",\"scope\":{\"basins\":{\"exact\":\"team-a-basin-9\"},"
            + "\"ops\":[\"list-basins\"]}}"));
    assertStatus(ok, 201);
    // The child inherits the issuer's expiry.
    assertThat(h.send(h.get("/v1/access-tokens?prefix=issuer-1/")).body())
        .contains("{\"id\":\"issuer-1/child\",\"expires_at\":\"2099-01-01T00:00:00Z\"");
  }

  @Test
  void autoPrefixTokenSeesItsNamespaceOnly() {
    h.createStream(BASIN, "tenant-b/x");
    String tenant = h.issue("{\"id\":\"tenant-a\",\"auto_prefix_streams\":true,\"scope\":"
        + "{\"basins\":{\"exact\":\"" + BASIN + "\"},\"streams\":{\"prefix\":\"tenant-a/\"},"
        + "\"op_groups\":{\"basin\":{\"read\":true,\"write\":true},"
        + "\"stream\":{\"read\":true,\"write\":true}}}}");
    HttpResponse<String> created = h.as(tenant,
        h.json("POST", "/v1/streams", "{\"stream\":\"events\"}").header("s2-basin", BASIN));
    assertStatus(created, 201);
    assertThat(created.body()).startsWith("{\"name\":\"events\",");
    HttpResponse<String> ensured = h.as(tenant,
        h.json("PUT", "/v1/streams/metrics", "").header("s2-basin", BASIN));
    assertStatus(ensured, 201);
    assertThat(ensured.body()).startsWith("{\"name\":\"metrics\",");

    // The root token sees stored names; the tenant sees its own, without the prefix.
    assertThat(h.send(h.get("/v1/streams?prefix=tenant-a/").header("s2-basin", BASIN)).body())
        .contains("\"name\":\"tenant-a/events\"").contains("\"name\":\"tenant-a/metrics\"");
    String listed = h.as(tenant, h.get("/v1/streams").header("s2-basin", BASIN)).body();
    assertThat(listed).startsWith("{\"streams\":[{\"name\":\"events\",")
        .contains("{\"name\":\"metrics\",").doesNotContain("tenant").doesNotContain("logs");
    assertThat(h.as(tenant, h.get("/v1/streams?prefix=met").header("s2-basin", BASIN)).body())
        .startsWith("{\"streams\":[{\"name\":\"metrics\",").doesNotContain("events");
    assertThat(h.as(tenant, h.get("/v1/streams?start_after=events").header("s2-basin", BASIN))
        .body()).startsWith("{\"streams\":[{\"name\":\"metrics\",").doesNotContain("events");

    assertStatus(h.as(tenant, h.get("/v1/streams/events").header("s2-basin", BASIN)), 200);
    assertStatus(h.as(tenant, h.json("PATCH", "/v1/streams/events", "{}")
        .header("s2-basin", BASIN)), 200);
    assertError(h.as(tenant, h.get("/v1/streams/nope").header("s2-basin", BASIN)), 404,
        "stream_not_found", "stream `nope` in basin `" + BASIN + "` not found");
    assertError(h.as(tenant, h.json("POST", "/v1/streams", "{\"stream\":\"events\"}")
        .header("s2-basin", BASIN)), 409, "resource_already_exists",
        "stream `events` in basin `" + BASIN + "` already exists");
    // The stored name (prefix + name) must itself be a valid stream name.
    assertError(h.as(tenant, h.json("POST", "/v1/streams",
        "{\"stream\":\"" + "x".repeat(510) + "\"}").header("s2-basin", BASIN)), 400, "bad_json",
        null);
    assertError(h.as(tenant, h.get("/v1/streams/" + "x".repeat(510)).header("s2-basin", BASIN)),
        400, "bad_path", null);
    assertStatus(h.as(tenant, h.request("/v1/streams/events").header("s2-basin", BASIN)
        .DELETE()), 202);
    assertError(h.as(tenant, h.get("/v1/streams/events").header("s2-basin", BASIN)), 409,
        "stream_deletion_pending", null);
  }

  // ---------------------------------------------------------------------------------------------
  // /v1/access-tokens

  @Test
  void issueListAndRevokeShapes() {
    HttpResponse<String> issued = h.send(h.json("POST", "/v1/access-tokens",
        "{\"id\":\"shape-1\",\"expires_at\":\"2031-02-03T04:05:06Z\",\"scope\":{"
            + "\"basins\":{\"prefix\":\"b\"},\"streams\":{\"exact\":\"s\"},"
            + "\"access_tokens\":{\"exact\":\"\"},"
            + "\"op_groups\":{\"stream\":{\"read\":true}},"
            + "\"ops\":[\"list-basins\",\"list-basins\",\"fence\"]}}"));
    assertStatus(issued, 201);
    assertThat(issued.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(issued.body()).matches("\\{\"access_token\":\"[A-Za-z0-9_-]{20,}\"}");

    HttpResponse<String> listed = h.send(h.get("/v1/access-tokens?prefix=shape-"));
    assertStatus(listed, 200);
    assertThat(listed.body()).isEqualTo(
        "{\"access_tokens\":[{\"id\":\"shape-1\",\"expires_at\":\"2031-02-03T04:05:06Z\","
            + "\"auto_prefix_streams\":false,\"scope\":{\"basins\":{\"prefix\":\"b\"},"
            + "\"streams\":{\"exact\":\"s\"},\"access_tokens\":null,\"op_groups\":{"
            + "\"account\":{\"read\":false,\"write\":false},"
            + "\"basin\":{\"read\":false,\"write\":false},"
            + "\"stream\":{\"read\":true,\"write\":false}},"
            + "\"ops\":[\"list-basins\",\"fence\"]}}],\"has_more\":false}");

    assertError(h.send(h.json("POST", "/v1/access-tokens",
        "{\"id\":\"shape-1\",\"scope\":{\"ops\":[\"read\"]}}")), 409, "resource_already_exists",
        "access token `shape-1` already exists");

    HttpResponse<String> revoked = h.send(h.request("/v1/access-tokens/shape-1").DELETE());
    assertStatus(revoked, 204);
    assertThat(revoked.body()).isEmpty();
    assertError(h.send(h.request("/v1/access-tokens/shape-1").DELETE()), 404,
        "access_token_not_found", "access token `shape-1` not found");
    assertThat(h.send(h.get("/v1/access-tokens?prefix=shape-")).body())
        .isEqualTo("{\"access_tokens\":[],\"has_more\":false}");
  }

  @Test
  void issueRejectsInvalidRequests() {
    String ops = "\"scope\":{\"ops\":[\"read\"]}";
    assertError(h.send(h.request("/v1/access-tokens").POST(BodyPublishers.ofString(
        "{\"id\":\"bad-1\"," + ops + "}"))), 400, "bad_json",
        "Expected request with `Content-Type: application/json`");
    for (String body : new String[] {
        "{\"id\":\"\"," + ops + "}",
        "{\"id\":\".\"," + ops + "}",
        "{\"id\":\"" + "i".repeat(97) + "\"," + ops + "}",
        "{\"id\":\"bad-1\"}",
        "{\"id\":\"bad-1\",\"scope\":null}",
        "{\"id\":\"bad-1\",\"scope\":{\"ops\":[\"fly\"]}}",
        "{\"id\":\"bad-1\",\"scope\":{\"ops\":\"read\"}}",
        "{\"id\":\"bad-1\",\"scope\":{\"basins\":{\"exact\":\"a\",\"prefix\":\"b\"},"
            + "\"ops\":[\"read\"]}}",
        "{\"id\":\"bad-1\",\"scope\":{\"basins\":{\"exact\":\"NOT VALID\"},\"ops\":[\"read\"]}}",
        "{\"id\":\"bad-1\",\"expires_at\":\"tomorrow\"," + ops + "}",
        "{\"id\":\"bad-1\",\"auto_prefix_streams\":\"yes\"," + ops + "}",
        "{\"id\":7," + ops + "}"}) {
      assertError(h.send(h.json("POST", "/v1/access-tokens", body)), 400, "bad_json", null);
    }
    for (String body : new String[] {
        "{\"id\":\"bad-1\",\"scope\":{}}",
        "{\"id\":\"bad-1\",\"scope\":{\"op_groups\":{\"stream\":{\"read\":false}}}}",
        "{\"id\":\"bad-1\",\"auto_prefix_streams\":true,\"scope\":{\"streams\":{\"exact\":\"s\"},"
            + "\"ops\":[\"read\"]}}",
        "{\"id\":\"bad-1\",\"expires_at\":\"2001-01-01T00:00:00Z\"," + ops + "}"}) {
      assertError(h.send(h.json("POST", "/v1/access-tokens", body)), 422, "invalid", null);
    }
    assertThat(h.send(h.get("/v1/access-tokens?prefix=bad-")).body())
        .isEqualTo("{\"access_tokens\":[],\"has_more\":false}");
    assertStatus(h.send(h.json("POST", "/v1/access-tokens",
        "{\"id\":\"" + "\u00e9".repeat(48) + "\"," + ops + "}")), 201);
  }

  @Test
  void revokeValidatesThePathId() {
    assertError(h.send(h.request("/v1/access-tokens/" + "i".repeat(97)).DELETE()), 400,
        "bad_path", null);
    assertError(h.send(h.request("/v1/access-tokens/%2E%2E").DELETE()), 400, "bad_path", null);
    assertError(h.send(h.request("/v1/access-tokens/no-such-token").DELETE()), 404,
        "access_token_not_found", "access token `no-such-token` not found");
    assertThat(h.send(h.request("/v1/access-tokens").DELETE()).statusCode()).isEqualTo(405);
  }

  @Test
  void listPaginatesAndValidatesTheQuery() {
    for (String id : new String[] {"page-c", "page-a", "page-b"}) {
      h.issue("{\"id\":\"" + id + "\",\"scope\":{\"ops\":[\"read\"]}}");
    }
    assertThat(h.send(h.get("/v1/access-tokens?prefix=page-&limit=2")).body())
        .startsWith("{\"access_tokens\":[{\"id\":\"page-a\",").contains("{\"id\":\"page-b\",")
        .doesNotContain("page-c").endsWith("\"has_more\":true}");
    assertThat(h.send(h.get("/v1/access-tokens?prefix=page-&start_after=page-b")).body())
        .startsWith("{\"access_tokens\":[{\"id\":\"page-c\",").endsWith("\"has_more\":false}");
    for (String query : new String[] {"limit=x", "limit=-1", "limit=1&limit=2",
        "prefix=" + "p".repeat(97), "start_after=" + "p".repeat(97)}) {
      assertError(h.send(h.get("/v1/access-tokens?" + query)), 400, "bad_query", null);
    }
  }
}

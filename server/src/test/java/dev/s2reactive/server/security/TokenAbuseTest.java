package dev.s2reactive.server.security;

import static dev.s2reactive.server.hostile.LiveServer.assertS2Error;
import static dev.s2reactive.server.hostile.LiveServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.server.hostile.LiveServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attacks on access tokens against a live server (protocol §12.1, §2 "Auth"): issuing a token
 * broader than the issuer in every dimension, unknown / forged / revoked / expired tokens, and
 * {@code auto_prefix_streams} namespaces that must not leak or be escaped, on the management and
 * the records routes alike.
 */
@Timeout(120)
class TokenAbuseTest {

  private static final String BASIN = "team-a-basin";
  private static LiveServer s;

  @BeforeAll
  static void start() {
    s = LiveServer.start();
    s.createBasin(BASIN);
    s.createStream(BASIN, "logs/app");
    s.createStream(BASIN, "tenant-b/secret");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static HttpResponse<String> issueAs(String issuer, String body) {
    return s.as(issuer, s.json("POST", "/v1/access-tokens", body));
  }

  // ---------------------------------------------------------------------------------------------
  // Escalation

  @Test
  void aTokenCannotIssueATokenBroaderThanItself() {
    String issuer = s.issue("{\"id\":\"issuer/main\",\"expires_at\":\"2099-01-01T00:00:00Z\","
        + "\"scope\":{\"basins\":{\"prefix\":\"team-\"},\"streams\":{\"prefix\":\"logs/\"},"
        + "\"access_tokens\":{\"prefix\":\"issuer/\"},"
        + "\"ops\":[\"issue-access-token\",\"revoke-access-token\",\"read\",\"list-basins\"]}}");
    String ok = "\"basins\":{\"prefix\":\"team-a\"},\"streams\":{\"prefix\":\"logs/\"}";
    String[] escalations = {
      // Operations the issuer does not hold, explicitly or through a group.
      "{\"id\":\"issuer/c\",\"scope\":{" + ok + ",\"ops\":[\"append\"]}}",
      "{\"id\":\"issuer/c\",\"scope\":{" + ok + ",\"ops\":[\"read\",\"check-tail\"]}}",
      "{\"id\":\"issuer/c\",\"scope\":{" + ok + ",\"op_groups\":{\"stream\":{\"read\":true}}}}",
      "{\"id\":\"issuer/c\",\"scope\":{" + ok + ",\"op_groups\":{\"account\":{\"read\":true}}}}",
      "{\"id\":\"issuer/c\",\"scope\":{" + ok + ",\"ops\":[\"list-access-tokens\"]}}",
      // Resources beyond the issuer's: wider prefixes, other exact names, prefix for exact.
      "{\"id\":\"issuer/c\",\"scope\":{\"basins\":{\"prefix\":\"\"},\"ops\":[\"read\"]}}",
      "{\"id\":\"issuer/c\",\"scope\":{\"basins\":{\"prefix\":\"team\"},\"ops\":[\"read\"]}}",
      "{\"id\":\"issuer/c\",\"scope\":{\"basins\":{\"exact\":\"other-basin\"},\"ops\":[\"read\"]}}",
      "{\"id\":\"issuer/c\",\"scope\":{\"streams\":{\"prefix\":\"log\"},\"ops\":[\"read\"]}}",
      "{\"id\":\"issuer/c\",\"scope\":{\"streams\":{\"exact\":\"metrics\"},\"ops\":[\"read\"]}}",
      "{\"id\":\"issuer/c\",\"scope\":{\"access_tokens\":{\"prefix\":\"issuer\"},"
          + "\"ops\":[\"read\"]}}",
      "{\"id\":\"issuer/c\",\"scope\":{\"access_tokens\":{\"prefix\":\"\"},\"ops\":[\"read\"]}}",
      // A later expiry than the issuer's.
      "{\"id\":\"issuer/c\",\"expires_at\":\"2100-01-01T00:00:00Z\",\"scope\":{\"ops\":"
          + "[\"read\"]}}",
      // An id outside the issuer's access_tokens scope.
      "{\"id\":\"root2\",\"scope\":{\"ops\":[\"read\"]}}",
      "{\"id\":\"issuer\",\"scope\":{\"ops\":[\"read\"]}}",
      // auto_prefix_streams does not widen: the stored prefix must still be within the issuer's.
      "{\"id\":\"issuer/c\",\"auto_prefix_streams\":true,\"scope\":{\"streams\":{\"prefix\":"
          + "\"tenant-b/\"},\"ops\":[\"read\"]}}",
    };
    for (String body : escalations) {
      HttpResponse<String> response = issueAs(issuer, body);
      try {
        assertS2Error(response, 403, "permission_denied");
      } catch (AssertionError e) {
        throw new AssertionError("escalation allowed: " + body + " -> " + e.getMessage(), e);
      }
    }
    assertThat(s.send(s.get("/v1/access-tokens?prefix=issuer/c")).body())
        .isEqualTo("{\"access_tokens\":[],\"has_more\":false}");

    // Narrower is fine, and inherits the issuer's expiry.
    String child = null;
    HttpResponse<String> narrower = issueAs(issuer, "{\"id\":\"issuer/child\",\"scope\":"
        + "{\"basins\":{\"exact\":\"team-a-basin\"},\"streams\":{\"prefix\":\"logs/a\"},"
        + "\"access_tokens\":{\"prefix\":\"issuer/child/\"},"
        + "\"ops\":[\"read\",\"issue-access-token\"]}}");
    expect(narrower, 201);
    child = LiveServer.parse(narrower.body()).path("access_token").asText();
    assertThat(s.send(s.get("/v1/access-tokens?prefix=issuer/child")).body())
        .contains("\"expires_at\":\"2099-01-01T00:00:00Z\"");
    // The child cannot climb back to the issuer's scope.
    assertS2Error(issueAs(child, "{\"id\":\"issuer/child/g\",\"scope\":{\"streams\":"
        + "{\"prefix\":\"logs/\"},\"ops\":[\"read\"]}}"), 403, "permission_denied");
    assertS2Error(issueAs(child, "{\"id\":\"issuer/child/g\",\"scope\":{\"ops\":"
        + "[\"list-basins\"]}}"), 403, "permission_denied");
    expect(issueAs(child, "{\"id\":\"issuer/child/g\",\"scope\":{\"basins\":{\"exact\":"
        + "\"team-a-basin\"},\"streams\":{\"exact\":\"logs/app\"},\"ops\":[\"read\"]}}"), 201);
    // Revoking is bounded by the access_tokens scope too.
    assertS2Error(s.as(issuer, s.request("/v1/access-tokens/root").DELETE()), 403,
        "permission_denied");
    assertS2Error(s.as(child, s.request("/v1/access-tokens/issuer%2Fmain").DELETE()), 403,
        "permission_denied");
    assertThat(s.as(issuer, s.request("/v1/access-tokens/issuer%2Fchild%2Fg").DELETE())
        .statusCode()).isEqualTo(204);
    // A token without issue-access-token cannot issue anything, not even a subset.
    String reader = s.issue("{\"id\":\"plain-reader\",\"scope\":{\"access_tokens\":{\"prefix\":"
        + "\"\"},\"ops\":[\"read\"]}}");
    assertS2Error(issueAs(reader, "{\"id\":\"plain-reader/x\",\"scope\":{\"ops\":[\"read\"]}}"),
        403, "permission_denied");
    System.out.printf("TokenAbuseTest: %d escalation attempts refused%n", escalations.length + 5);
  }

  @Test
  void commandRecordsNeedTheirOperationsInUnaryAndSessionAppends() throws Exception {
    String appender = s.issue("{\"id\":\"appender-only\",\"scope\":{\"basins\":{\"prefix\":"
        + "\"\"},\"streams\":{\"prefix\":\"\"},\"ops\":[\"append\",\"check-tail\"]}}");
    String records = "/v1/streams/logs%2Fapp/records";
    long tail = s.tail(BASIN, "logs/app");
    AppendRecord fence = AppendRecord.builder().header("", "fence").body("mine").build();
    AppendRecord trim = AppendRecord.builder().header("", "trim")
        .body(new byte[] {0, 0, 0, 0, 0, 0, 3, (byte) 0xe8}).build(); // trim to 1000
    for (AppendRecord command : List.of(fence, trim)) {
      byte[] batch = ProtoCodec.encode(AppendInput.of(AppendRecord.of("ok"), command));
      // Unary protobuf append.
      assertS2Error(s.as(appender, s.request(records).header("s2-basin", BASIN)
          .header("content-type", "application/protobuf")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(batch))), 403,
          "permission_denied");
      // s2s session: a plain batch is acknowledged, the command batch ends the session with 403.
      byte[] plain = S2sFrames.message(ProtoCodec.encode(AppendInput.of(AppendRecord.of("p"))),
          Compression.NONE);
      List<S2sFrame> frames = s.s2sAppend(appender, BASIN, records, plain,
          S2sFrames.message(batch, Compression.NONE), plain);
      assertThat(frames).hasSize(2);
      assertThat(frames.get(0)).isInstanceOf(S2sFrame.Message.class);
      LiveServer.assertTerminal(frames, 403, "permission_denied");
      tail++;
    }
    // Only the plain batches were written; the stream was never fenced or trimmed.
    assertThat(s.tail(BASIN, "logs/app")).isEqualTo(tail);
    expect(s.as(appender, s.json("POST", records, "{\"records\":[{\"body\":\"x\"}],"
        + "\"fencing_token\":\"\"}").header("s2-basin", BASIN)), 200);
    HttpResponse<String> first = s.send(s.get(records + "?seq_num=0&count=1")
        .header("s2-basin", BASIN));
    expect(first, 200);
    assertThat(first.body()).contains("\"seq_num\":0");
  }

  // ---------------------------------------------------------------------------------------------
  // Unknown, forged, revoked, expired

  private static List<HttpRequest.Builder> someRoutes() {
    return List.of(
        s.get("/v1/basins"),
        s.get("/v1/basins/" + BASIN),
        s.get("/v1/streams").header("s2-basin", BASIN),
        s.get("/v1/streams/logs%2Fapp/records/tail").header("s2-basin", BASIN),
        s.json("POST", "/v1/streams/logs%2Fapp/records", "{\"records\":[{\"body\":\"x\"}]}")
            .header("s2-basin", BASIN),
        s.get("/v1/streams/logs%2Fapp/records?seq_num=0").header("s2-basin", BASIN)
            .header("accept", "text/event-stream"),
        s.get("/v1/access-tokens"),
        s.json("POST", "/v1/access-tokens", "{\"id\":\"never\",\"scope\":{\"ops\":[\"read\"]}}"));
  }

  private static void assertRejectedEverywhere(String token, String why) {
    long tail = s.tail(BASIN, "logs/app");
    for (HttpRequest.Builder route : someRoutes()) {
      HttpResponse<String> response = s.as(token, route);
      try {
        assertS2Error(response, 401, "authn");
      } catch (AssertionError e) {
        throw new AssertionError(why + ": " + e.getMessage(), e);
      }
      if (token.length() >= 8) {
        assertThat(response.body()).as("the error must not echo the token").doesNotContain(token);
      }
    }
    assertThat(s.tail(BASIN, "logs/app")).isEqualTo(tail);
  }

  @Test
  void unknownAndForgedTokensAre401() throws Exception {
    String valid = s.issue("{\"id\":\"forge-target\",\"scope\":{\"basins\":{\"prefix\":\"\"},"
        + "\"streams\":{\"prefix\":\"\"},\"op_groups\":{\"account\":{\"read\":true},"
        + "\"basin\":{\"read\":true},\"stream\":{\"read\":true,\"write\":true}}}}");
    expect(s.as(valid, s.get("/v1/basins")), 200);
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(valid.getBytes(StandardCharsets.UTF_8));
    String flipped = (Character.isUpperCase(valid.charAt(0))
        ? valid.substring(0, 1).toLowerCase() : valid.substring(0, 1).toUpperCase())
        + valid.substring(1);
    String[] forged = {
      "nope",
      valid.substring(0, valid.length() - 1),
      valid + "A",
      valid.substring(1),
      flipped.equals(valid) ? valid.replace(valid.charAt(0), valid.charAt(0) == 'A' ? 'B' : 'A')
          : flipped,
      Base64.getUrlEncoder().withoutPadding().encodeToString(hash),
      Base64.getEncoder().encodeToString(hash),
      java.util.HexFormat.of().formatHex(hash),
      "A".repeat(43),
      "t".repeat(10_000),
      "forge-target",
    };
    int checked = 0;
    for (String token : forged) {
      assertRejectedEverywhere(token, "forged " + token.substring(0, Math.min(20, token.length())));
      checked++;
    }
    expect(s.as(valid, s.get("/v1/basins")), 200);
    System.out.printf("TokenAbuseTest: %d forged tokens × %d routes refused%n", checked,
        someRoutes().size());
  }

  @Test
  void revokedAndExpiredTokensAre401Everywhere() {
    String scope = "\"scope\":{\"basins\":{\"prefix\":\"\"},\"streams\":{\"prefix\":\"\"},"
        + "\"access_tokens\":{\"prefix\":\"exp\"},\"op_groups\":{\"account\":{\"read\":true,"
        + "\"write\":true},\"basin\":{\"read\":true},\"stream\":{\"read\":true,\"write\":true}}}";
    String revoked = s.issue("{\"id\":\"revoked-1\"," + scope + "}");
    expect(s.as(revoked, s.get("/v1/basins")), 200);
    expect(s.send(s.request("/v1/access-tokens/revoked-1").DELETE()), 204);
    assertRejectedEverywhere(revoked, "revoked");
    // The id can be reissued; the old secret stays dead.
    String again = s.issue("{\"id\":\"revoked-1\"," + scope + "}");
    expect(s.as(again, s.get("/v1/basins")), 200);
    assertRejectedEverywhere(revoked, "revoked, id reissued");

    Instant expiry = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
    String expiring = s.issue("{\"id\":\"exp-1\",\"expires_at\":\"" + expiry + "\"," + scope
        + "}");
    // Its child inherits the expiry and dies with it.
    HttpResponse<String> childIssued = s.as(expiring, s.json("POST", "/v1/access-tokens",
        "{\"id\":\"exp-1/child\",\"scope\":{\"ops\":[\"list-basins\"]}}"));
    expect(childIssued, 201);
    String child = LiveServer.parse(childIssued.body()).path("access_token").asText();
    expect(s.as(child, s.get("/v1/basins")), 200);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (s.as(expiring, s.get("/v1/basins")).statusCode() == 200) {
      assertThat(System.nanoTime()).as("token never expired").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(Instant.now()).isAfterOrEqualTo(expiry);
    assertRejectedEverywhere(expiring, "expired");
    assertRejectedEverywhere(child, "child of expired");
    // Issuing with an expiry in the past is refused.
    assertS2Error(s.send(s.json("POST", "/v1/access-tokens", "{\"id\":\"exp-2\",\"expires_at\":"
        + "\"2001-01-01T00:00:00Z\",\"scope\":{\"ops\":[\"read\"]}}")), 422, "invalid");
  }

  // ---------------------------------------------------------------------------------------------
  // auto_prefix_streams

  @Test
  void autoPrefixNamespacesAreRewrittenBothWaysAndNeverLeak() {
    expect(s.send(s.json("PATCH", "/v1/basins/" + BASIN, "{\"create_stream_on_append\":true}")),
        200);
    String tenant = s.issue("{\"id\":\"tenant-a\",\"auto_prefix_streams\":true,\"scope\":{"
        + "\"basins\":{\"exact\":\"" + BASIN + "\"},\"streams\":{\"prefix\":\"tenant-a/\"},"
        + "\"op_groups\":{\"basin\":{\"read\":true,\"write\":true},"
        + "\"stream\":{\"read\":true,\"write\":true}}}}");
    String records = "/v1/streams/events/records";
    expect(s.as(tenant, s.json("POST", "/v1/streams", "{\"stream\":\"events\"}")
        .header("s2-basin", BASIN)), 201);
    HttpResponse<String> ack = s.as(tenant, s.json("POST", records,
        "{\"records\":[{\"body\":\"t1\"},{\"body\":\"t2\"}]}").header("s2-basin", BASIN));
    expect(ack, 200);
    // Stored under the prefix: the root token sees it there.
    HttpResponse<String> stored = s.send(s.get("/v1/streams/tenant-a%2Fevents/records?seq_num=0")
        .header("s2-basin", BASIN));
    expect(stored, 200);
    assertThat(stored.body()).contains("\"body\":\"t1\"").contains("\"body\":\"t2\"");
    HttpResponse<String> read = s.as(tenant, s.get(records + "?seq_num=0")
        .header("s2-basin", BASIN));
    expect(read, 200);
    assertThat(read.body()).contains("\"body\":\"t1\"");
    HttpResponse<String> sse = s.as(tenant, s.get(records + "?seq_num=0&wait=0")
        .header("s2-basin", BASIN).header("accept", "text/event-stream"));
    expect(sse, 200);
    assertThat(sse.body()).contains("t2").contains("data: [DONE]").doesNotContain("tenant-a");
    expect(s.as(tenant, s.get(records + "/tail").header("s2-basin", BASIN)), 200);
    // Auto-create on append happens inside the namespace.
    expect(s.as(tenant, s.json("POST", "/v1/streams/auto/records",
        "{\"records\":[{\"body\":\"a\"}]}").header("s2-basin", BASIN)), 200);
    expect(s.send(s.get("/v1/streams/tenant-a%2Fauto").header("s2-basin", BASIN)), 200);
    assertS2Error(s.send(s.get("/v1/streams/auto").header("s2-basin", BASIN)), 404,
        "stream_not_found");

    // Listings strip the prefix; prefix and start_after are relative.
    String listed = s.as(tenant, s.get("/v1/streams").header("s2-basin", BASIN)).body();
    JsonNode names = LiveServer.parse(listed).path("streams");
    assertThat(names.size()).as(listed).isEqualTo(2);
    assertThat(names.get(0).path("name").asText()).isEqualTo("auto");
    assertThat(names.get(1).path("name").asText()).isEqualTo("events");
    assertThat(s.as(tenant, s.get("/v1/streams?prefix=tenant-a/").header("s2-basin", BASIN))
        .body()).isEqualTo("{\"streams\":[],\"has_more\":false}");

    // Nothing outside the namespace is reachable, whatever the name looks like.
    for (String name : new String[] {"..%2Ftenant-b%2Fsecret", "%2E%2E%2Ftenant-b%2Fsecret",
        "tenant-b%2Fsecret", "logs%2Fapp", "%2Ftenant-b%2Fsecret"}) {
      for (HttpRequest.Builder request : List.of(
          s.get("/v1/streams/" + name + "/records?seq_num=0"),
          s.get("/v1/streams/" + name + "/records/tail"),
          s.get("/v1/streams/" + name))) {
        HttpResponse<String> response = s.as(tenant, request.header("s2-basin", BASIN));
        assertThat(response.statusCode()).as(name + " " + response.body()).isIn(400, 404);
        assertThat(response.body()).doesNotContain("secret\"").doesNotContain("tenant-b/secret\"");
      }
    }
    assertThat(s.tail(BASIN, "tenant-b/secret")).isZero();

    // Errors name streams as the tenant does, on every route: never the stored name.
    for (HttpRequest.Builder request : List.of(
        s.get("/v1/streams/missing"),
        s.get("/v1/streams/missing/records/tail"),
        s.get("/v1/streams/missing/records?seq_num=0"),
        s.get("/v1/streams/missing/records?seq_num=0").header("accept", "text/event-stream"),
        s.json("PATCH", "/v1/streams/missing", "{}"),
        s.request("/v1/streams/missing").DELETE())) {
      HttpResponse<String> response = s.as(tenant, request.header("s2-basin", BASIN));
      assertS2Error(response, 404, "stream_not_found");
      assertThat(response.body()).as("stored name leaked").doesNotContain("tenant-a");
    }
    expect(s.send(s.json("PATCH", "/v1/basins/" + BASIN, "{\"create_stream_on_append\":false}")),
        200);
    expect(s.as(tenant, s.request("/v1/streams/events").header("s2-basin", BASIN).DELETE()), 202);
    for (HttpRequest.Builder request : List.of(
        s.get("/v1/streams/events"),
        s.get("/v1/streams/events/records/tail"),
        s.json("POST", "/v1/streams/events/records", "{\"records\":[{}]}"))) {
      HttpResponse<String> response = s.as(tenant, request.header("s2-basin", BASIN));
      // Pending until the clean-up runs, gone after.
      assertThat(LiveServer.assertS2Error(response))
          .isIn("stream_deletion_pending", "stream_not_found");
      assertThat(response.body()).as("stored name leaked").doesNotContain("tenant-a");
    }
  }
}

package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.assertBadJson;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.assertInvalid;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.str;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AccessTokenInfo;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.BasinState;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EncryptionAlgorithm;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.IssueAccessTokenResponse;
import dev.s2reactive.core.model.ListAccessTokensResponse;
import dev.s2reactive.core.model.ListBasinsResponse;
import dev.s2reactive.core.model.ListStreamsResponse;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S2JsonResourcesTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final Instant T1 = Instant.parse("2026-01-03T00:00:00Z");

  // ---- basins ----

  @Test
  void basinInfoGoldenWithLocationAndState() {
    BasinInfo active = BasinInfo.of("my-basin", Optional.empty(), T0, Optional.empty());
    String json =
        "{\"name\":\"my-basin\",\"location\":null,\"created_at\":\"2026-01-02T03:04:05.123456Z\","
            + "\"deleted_at\":null,\"state\":\"active\"}";
    assertThat(str(S2Json.encodeBasinInfo(active))).isEqualTo(json);
    assertThat(S2Json.decodeBasinInfo(utf8(json))).isEqualTo(active);

    BasinInfo deleting =
        BasinInfo.of("my-basin", Optional.of("aws:us-east-1"), T0, Optional.of(T1));
    assertThat(deleting.state()).isEqualTo(BasinState.DELETING);
    assertThat(str(S2Json.encodeBasinInfo(deleting)))
        .isEqualTo(
            "{\"name\":\"my-basin\",\"location\":\"aws:us-east-1\","
                + "\"created_at\":\"2026-01-02T03:04:05.123456Z\","
                + "\"deleted_at\":\"2026-01-03T00:00:00Z\",\"state\":\"deleting\"}");
    assertThat(S2Json.decodeBasinInfo(S2Json.encodeBasinInfo(deleting))).isEqualTo(deleting);
  }

  @Test
  void basinInfoAcceptsDeprecatedScopeAndMissingStateAndLenientTimestamps() {
    BasinInfo info =
        S2Json.decodeBasinInfo(
            utf8(
                "{\"name\":\"my-basin\",\"scope\":\"aws:us-east-1\","
                    + "\"created_at\":\"2026-01-02T04:04:05.123456+01:00\"}"));
    assertThat(info.location()).contains("aws:us-east-1");
    assertThat(info.createdAt()).isEqualTo(T0);
    assertThat(info.deletedAt()).isEmpty();
    assertThat(info.state()).isEqualTo(BasinState.ACTIVE);
    BasinInfo old = S2Json.decodeBasinInfo(utf8("{\"name\":\"my-basin\",\"state\":\"deleting\"}"));
    assertThat(old.state()).isEqualTo(BasinState.DELETING);
    assertThat(S2Json.decodeBasinInfo(utf8("{\"name\":\"b\",\"created_at\":\"2026-01-03t00:00:00z\"}"))
            .createdAt())
        .isEqualTo(T1);
    assertBadJson(
        () -> S2Json.decodeBasinInfo(utf8("{\"name\":\"b\",\"created_at\":\"yesterday\"}")));
  }

  @Test
  void listBasinsGolden() {
    ListBasinsResponse r =
        new ListBasinsResponse(
            List.of(BasinInfo.of("basin-one", Optional.empty(), T1, Optional.empty())), true);
    String json =
        "{\"basins\":[{\"name\":\"basin-one\",\"location\":null,"
            + "\"created_at\":\"2026-01-03T00:00:00Z\",\"deleted_at\":null,\"state\":\"active\"}],"
            + "\"has_more\":true}";
    assertThat(str(S2Json.encodeListBasinsResponse(r))).isEqualTo(json);
    assertThat(S2Json.decodeListBasinsResponse(utf8(json))).isEqualTo(r);
    assertBadJson(() -> S2Json.decodeListBasinsResponse(utf8("{\"basins\":[]}")));
  }

  @Test
  void createBasinRequestRoundTripAndValidation() {
    CreateBasinRequest req = CreateBasinRequest.of("my-basin", BasinConfig.DEFAULT);
    String json =
        "{\"basin\":\"my-basin\",\"config\":{\"default_stream_config\":null,\"stream_cipher\":null,"
            + "\"create_stream_on_append\":false,\"create_stream_on_read\":false},"
            + "\"location\":null}";
    assertThat(str(S2Json.encodeCreateBasinRequest(req))).isEqualTo(json);
    assertThat(S2Json.decodeCreateBasinRequest(utf8(json))).isEqualTo(req);
    assertThat(S2Json.decodeCreateBasinRequest(utf8("{\"basin\":\"my-basin\"}")))
        .isEqualTo(CreateBasinRequest.of("my-basin"));
    assertThat(
            S2Json.decodeCreateBasinRequest(
                    utf8("{\"basin\":\"my-basin\",\"scope\":\"aws:us-east-1\"}"))
                .location())
        .contains("aws:us-east-1");
    assertBadJson(() -> S2Json.decodeCreateBasinRequest(utf8("{\"basin\":\"short\"}")));
    assertBadJson(() -> S2Json.decodeCreateBasinRequest(utf8("{\"basin\":\"My-Basin\"}")));
    assertBadJson(() -> S2Json.decodeCreateBasinRequest(utf8("{}")));
    assertBadJson(
        () ->
            S2Json.decodeCreateBasinRequest(
                utf8("{\"basin\":\"my-basin\",\"location\":\"us east\"}")));
  }

  @Test
  void ensureBasinRequestEmptyBodyAndNulls() {
    assertThat(S2Json.decodeEnsureBasinRequest(new byte[0])).isEqualTo(EnsureBasinRequest.EMPTY);
    assertThat(S2Json.decodeEnsureBasinRequest(utf8("{}"))).isEqualTo(EnsureBasinRequest.EMPTY);
    assertThat(S2Json.decodeEnsureBasinRequest(utf8("{\"config\":null,\"location\":null}")))
        .isEqualTo(EnsureBasinRequest.EMPTY);
    assertThat(str(S2Json.encodeEnsureBasinRequest(EnsureBasinRequest.EMPTY)))
        .isEqualTo("{\"config\":null,\"location\":null}");
    assertBadJson(() -> S2Json.decodeEnsureBasinRequest(utf8("null")));
  }

  // ---- streams ----

  @Test
  void streamInfoAndListGolden() {
    StreamInfo s = new StreamInfo("logs/app", T1, Optional.empty(), Optional.empty());
    StreamInfo enc =
        new StreamInfo("x", T1, Optional.of(T1), Optional.of(EncryptionAlgorithm.AES_256_GCM));
    ListStreamsResponse r = new ListStreamsResponse(List.of(s, enc), false);
    String json =
        "{\"streams\":[{\"name\":\"logs/app\",\"created_at\":\"2026-01-03T00:00:00Z\","
            + "\"deleted_at\":null,\"cipher\":null},{\"name\":\"x\","
            + "\"created_at\":\"2026-01-03T00:00:00Z\",\"deleted_at\":\"2026-01-03T00:00:00Z\","
            + "\"cipher\":\"aes-256-gcm\"}],\"has_more\":false}";
    assertThat(str(S2Json.encodeListStreamsResponse(r))).isEqualTo(json);
    assertThat(S2Json.decodeListStreamsResponse(utf8(json))).isEqualTo(r);
    assertThat(S2Json.decodeStreamInfo(S2Json.encodeStreamInfo(s))).isEqualTo(s);
    assertThat(S2Json.decodeStreamInfo(utf8("{\"name\":\"a\",\"created_at\":\"2026-01-03T00:00:00Z\"}")))
        .isEqualTo(new StreamInfo("a", T1, Optional.empty(), Optional.empty()));
  }

  @Test
  void createStreamRequest() {
    CreateStreamRequest req = CreateStreamRequest.of("a/b", StreamConfig.DEFAULTS);
    assertThat(S2Json.decodeCreateStreamRequest(S2Json.encodeCreateStreamRequest(req)))
        .isEqualTo(req);
    assertThat(str(S2Json.encodeCreateStreamRequest(CreateStreamRequest.of("s"))))
        .isEqualTo("{\"stream\":\"s\",\"config\":null}");
    assertThat(S2Json.decodeCreateStreamRequest(utf8("{\"stream\":\"s\"}")))
        .isEqualTo(CreateStreamRequest.of("s"));
    assertBadJson(() -> S2Json.decodeCreateStreamRequest(utf8("{\"stream\":\"\"}")));
    assertBadJson(() -> S2Json.decodeCreateStreamRequest(utf8("{\"stream\":\"..\"}")));
    assertBadJson(
        () -> S2Json.decodeCreateStreamRequest(utf8("{\"stream\":\"" + "a".repeat(513) + "\"}")));
  }

  // ---- access tokens ----

  @Test
  void opGroupsGoldenFromTheCli() {
    String json =
        "{\"id\":\"reader\",\"expires_at\":null,\"auto_prefix_streams\":false,"
            + "\"scope\":{\"basins\":{\"exact\":\"my-basin\"},\"streams\":{\"prefix\":\"\"},"
            + "\"access_tokens\":null,"
            + "\"op_groups\":{\"account\":null,\"basin\":null,\"stream\":{\"read\":true,\"write\":false}},"
            + "\"ops\":null}}";
    IssueAccessTokenRequest req =
        IssueAccessTokenRequest.of(
            "reader",
            AccessTokenScope.builder()
                .basins(ResourceSet.exact("my-basin"))
                .streams(ResourceSet.prefix(""))
                .opGroups(OpGroupPermissions.of(null, null, ReadWrite.READ_ONLY))
                .build());
    assertThat(str(S2Json.encodeIssueAccessTokenRequest(req))).isEqualTo(json);
    assertThat(S2Json.decodeIssueAccessTokenRequest(utf8(json))).isEqualTo(req);
  }

  @Test
  void issueRequestDefaultsAndOps() {
    IssueAccessTokenRequest req =
        S2Json.decodeIssueAccessTokenRequest(
            utf8(
                "{\"id\":\"t1\",\"expires_at\":\"2026-01-03T00:00:00Z\",\"scope\":{"
                    + "\"ops\":[\"list-basins\",\"set-default-location\",\"append\"],"
                    + "\"op_groups\":{\"account\":{\"write\":true}}}}"));
    assertThat(req.expiresAt()).contains(T1);
    assertThat(req.autoPrefixStreams()).isFalse();
    assertThat(req.scope().ops())
        .contains(List.of(Operation.LIST_BASINS, Operation.SET_DEFAULT_LOCATION, Operation.APPEND));
    assertThat(req.scope().opGroups().get().account()).contains(ReadWrite.WRITE_ONLY);
    assertThat(req.scope().basins()).isEmpty();
    assertThat(S2Json.decodeIssueAccessTokenRequest(utf8("{\"id\":\"t\",\"scope\":{}}")).scope())
        .isEqualTo(AccessTokenScope.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"t\"}",
        "{\"scope\":{}}",
        "{\"id\":\"\",\"scope\":{}}",
        "{\"id\":\".\",\"scope\":{}}",
        "{\"id\":\"t\",\"scope\":{\"ops\":[\"list_basins\"]}}",
        "{\"id\":\"t\",\"scope\":{\"basins\":{\"exact\":\"x\",\"prefix\":\"y\"}}}",
        "{\"id\":\"t\",\"scope\":{\"basins\":{}}}",
        "{\"id\":\"t\",\"scope\":{\"basins\":{\"exact\":\"UPPER-CASE\"}}}",
        "{\"id\":\"t\",\"scope\":{\"basins\":{\"prefix\":\"-x\"}}}",
        "{\"id\":\"t\",\"scope\":{\"streams\":{\"exact\":\".\"}}}",
        "{\"id\":\"t\",\"scope\":{\"op_groups\":{\"stream\":{\"read\":1}}}}",
        "{\"id\":\"t\",\"auto_prefix_streams\":null,\"scope\":{}}",
        "{\"id\":\"t\",\"expires_at\":\"soon\",\"scope\":{}}",
      })
  void malformedIssueRequestIsBadJson(String json) {
    assertBadJson(() -> S2Json.decodeIssueAccessTokenRequest(utf8(json)));
  }

  @Test
  void exactEmptyMeansNoneAndIsAccepted() {
    IssueAccessTokenRequest req =
        S2Json.decodeIssueAccessTokenRequest(
            utf8("{\"id\":\"t\",\"scope\":{\"basins\":{\"exact\":\"\"}}}"));
    assertThat(req.scope().basins()).contains(ResourceSet.exact(""));
    assertThat(ResourceSet.exact("").matches("")).isFalse();
    assertThat(ResourceSet.prefix("").matches("anything")).isTrue();
  }

  @Test
  void autoPrefixWithExactStreamsIsUnprocessable() {
    assertInvalid(
        () ->
            S2Json.decodeIssueAccessTokenRequest(
                utf8(
                    "{\"id\":\"t\",\"auto_prefix_streams\":true,"
                        + "\"scope\":{\"streams\":{\"exact\":\"s\"}}}")));
    assertThat(
            S2Json.decodeIssueAccessTokenRequest(
                    utf8(
                        "{\"id\":\"t\",\"auto_prefix_streams\":true,"
                            + "\"scope\":{\"streams\":{\"prefix\":\"tenant/\"}}}"))
                .autoPrefixStreams())
        .isTrue();
  }

  @Test
  void tokenInfoListAndIssueResponse() {
    AccessTokenScope full =
        AccessTokenScope.builder()
            .accessTokens(ResourceSet.prefix("ci-"))
            .opGroups(OpGroupPermissions.of(ReadWrite.NONE, ReadWrite.READ_WRITE, ReadWrite.NONE))
            .ops(List.of())
            .build();
    AccessTokenInfo info = new AccessTokenInfo("ci-1", Optional.of(T1), true, full);
    ListAccessTokensResponse list = new ListAccessTokensResponse(List.of(info), false);
    String json =
        "{\"access_tokens\":[{\"id\":\"ci-1\",\"expires_at\":\"2026-01-03T00:00:00Z\","
            + "\"auto_prefix_streams\":true,\"scope\":{\"basins\":null,\"streams\":null,"
            + "\"access_tokens\":{\"prefix\":\"ci-\"},\"op_groups\":{"
            + "\"account\":{\"read\":false,\"write\":false},"
            + "\"basin\":{\"read\":true,\"write\":true},"
            + "\"stream\":{\"read\":false,\"write\":false}},\"ops\":[]}}],\"has_more\":false}";
    assertThat(str(S2Json.encodeListAccessTokensResponse(list))).isEqualTo(json);
    assertThat(S2Json.decodeListAccessTokensResponse(utf8(json))).isEqualTo(list);
    assertThat(S2Json.decodeAccessTokenInfo(S2Json.encodeAccessTokenInfo(info))).isEqualTo(info);

    IssueAccessTokenResponse issued = new IssueAccessTokenResponse("s3cr3t");
    assertThat(str(S2Json.encodeIssueAccessTokenResponse(issued)))
        .isEqualTo("{\"access_token\":\"s3cr3t\"}");
    assertThat(S2Json.decodeIssueAccessTokenResponse(utf8("{\"access_token\": \"s3cr3t\"}")))
        .isEqualTo(issued);
    assertThat(issued.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void everyOperationRoundTrips() {
    AccessTokenScope scope = AccessTokenScope.builder().ops(Operation.values()).build();
    AccessTokenInfo info = new AccessTokenInfo("t", Optional.empty(), false, scope);
    String json = str(S2Json.encodeAccessTokenInfo(info));
    assertThat(json).contains("\"list-locations\"", "\"get-default-location\"", "\"check-tail\"");
    assertThat(Operation.values()).hasSize(24);
    assertThat(S2Json.decodeAccessTokenInfo(utf8(json))).isEqualTo(info);
  }
}

package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AccessTokenInfo;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.BasinState;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.DeleteOnEmpty;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.core.model.Timestamping;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pins the JSON the writers emit for every present/absent value the other goldens leave out. */
class JsonWritersGoldenTest {

  private static final Instant T1 = Instant.parse("2026-01-03T00:00:00Z");

  @Test
  void streamConfigWithEveryValueSet() {
    StreamConfig config =
        StreamConfig.builder()
            .retentionPolicy(RetentionPolicy.infinite())
            .timestamping(new Timestamping(Optional.empty(), Optional.of(true)))
            .deleteOnEmpty(DeleteOnEmpty.of(60))
            .build();
    assertThat(str(S2Json.encodeCreateStreamRequest(CreateStreamRequest.of("s", config))))
        .isEqualTo(
            "{\"stream\":\"s\",\"config\":{\"storage_class\":null,\"retention_policy\":{\"inf"
            + "inite\":{}},\"timestamping\":{\"mode\":null,\"uncapped\":true},\"delete_on_empty"
            + "\":{\"min_age_secs\":60}}}");
  }

  @Test
  void ensureBasinWithConfigAndLocation() {
    EnsureBasinRequest request =
        new EnsureBasinRequest(Optional.of(BasinConfig.DEFAULT), Optional.of("aws:us-east-1"));
    assertThat(str(S2Json.encodeEnsureBasinRequest(request))).isEqualTo(
            "{\"config\":{\"default_stream_config\":null,\"stream_cipher\":null,\"create_stre"
            + "am_on_append\":false,\"create_stream_on_read\":false},\"location\":\"aws:us-east"
            + "-1\"}");
  }

  @Test
  void basinAndStreamInfoWithEveryValueSet() {
    BasinInfo basin =
        new BasinInfo("my-basin", Optional.of("aws:us-east-1"), T1, Optional.of(T1),
            BasinState.DELETING);
    assertThat(str(S2Json.encodeBasinInfo(basin))).isEqualTo(
            "{\"name\":\"my-basin\",\"location\":\"aws:us-east-1\",\"created_at\":\"2026-01-0"
            + "3T00:00:00Z\",\"deleted_at\":\"2026-01-03T00:00:00Z\",\"state\":\"deleting\"}");
    StreamInfo stream = new StreamInfo("s", T1, Optional.empty(), Optional.empty());
    assertThat(str(S2Json.encodeStreamInfo(stream))).isEqualTo(
            "{\"name\":\"s\",\"created_at\":\"2026-01-03T00:00:00Z\",\"deleted_at\":null,\"ci"
            + "pher\":null}");
  }

  @Test
  void accessTokensWithExpiryAndOps() {
    AccessTokenScope scope =
        AccessTokenScope.builder()
            .basins(ResourceSet.prefix("b-"))
            .opGroups(OpGroupPermissions.of(ReadWrite.READ_ONLY, null, null))
            .ops(List.of(Operation.LIST_BASINS, Operation.CREATE_BASIN))
            .build();
    IssueAccessTokenRequest request =
        new IssueAccessTokenRequest("t-1", Optional.of(T1), false, scope);
    assertThat(str(S2Json.encodeIssueAccessTokenRequest(request))).isEqualTo(
            "{\"id\":\"t-1\",\"expires_at\":\"2026-01-03T00:00:00Z\",\"auto_prefix_streams\":"
            + "false,\"scope\":{\"basins\":{\"prefix\":\"b-\"},\"streams\":null,\"access_tokens"
            + "\":null,\"op_groups\":{\"account\":{\"read\":true,\"write\":false},\"basin\":nul"
            + "l,\"stream\":null},\"ops\":[\"list-basins\",\"create-basin\"]}}");
    AccessTokenInfo info = new AccessTokenInfo("t-2", Optional.empty(), false, scope);
    assertThat(str(S2Json.encodeAccessTokenInfo(info))).isEqualTo(
            "{\"id\":\"t-2\",\"expires_at\":null,\"auto_prefix_streams\":false,\"scope\":{\"b"
            + "asins\":{\"prefix\":\"b-\"},\"streams\":null,\"access_tokens\":null,\"op_groups\""
            + ":{\"account\":{\"read\":true,\"write\":false},\"basin\":null,\"stream\":null},\""
            + "ops\":[\"list-basins\",\"create-basin\"]}}");
  }
}

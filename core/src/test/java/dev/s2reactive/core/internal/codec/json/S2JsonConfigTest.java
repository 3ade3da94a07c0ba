package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.assertBadJson;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.assertInvalid;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.str;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinReconfiguration;
import dev.s2reactive.core.model.DeleteOnEmpty;
import dev.s2reactive.core.model.EncryptionAlgorithm;
import dev.s2reactive.core.model.Patch;
import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.StorageClass;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamReconfiguration;
import dev.s2reactive.core.model.StreamReconfiguration.DeleteOnEmptyReconfiguration;
import dev.s2reactive.core.model.StreamReconfiguration.TimestampingReconfiguration;
import dev.s2reactive.core.model.Timestamping;
import dev.s2reactive.core.model.TimestampingMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S2JsonConfigTest {

  private static final String RESOLVED =
      "{\"storage_class\":\"express\",\"retention_policy\":{\"age\":604800},"
          + "\"timestamping\":{\"mode\":\"client-prefer\",\"uncapped\":false},"
          + "\"delete_on_empty\":{\"min_age_secs\":0}}";

  @Test
  void fullyResolvedStreamConfigGolden() {
    assertThat(str(S2Json.encodeStreamConfig(StreamConfig.DEFAULTS))).isEqualTo(RESOLVED);
    assertThat(S2Json.decodeStreamConfig(utf8(RESOLVED))).isEqualTo(StreamConfig.DEFAULTS);
  }

  @Test
  void layerWithNullsGolden() {
    String layer =
        "{\"storage_class\":\"standard\",\"retention_policy\":null,\"timestamping\":null,"
            + "\"delete_on_empty\":null}";
    StreamConfig config = StreamConfig.builder().storageClass(StorageClass.STANDARD).build();
    assertThat(str(S2Json.encodeStreamConfig(config))).isEqualTo(layer);
    assertThat(S2Json.decodeStreamConfig(utf8(layer))).isEqualTo(config);
    assertThat(S2Json.decodeStreamConfig(utf8("{\"storage_class\":\"standard\"}")))
        .isEqualTo(config);

    String timestamping = "{\"mode\":\"arrival\",\"uncapped\":null}";
    StreamConfig arrival =
        StreamConfig.builder()
            .timestamping(new Timestamping(Optional.of(TimestampingMode.ARRIVAL), Optional.empty()))
            .build();
    String json =
        "{\"storage_class\":null,\"retention_policy\":null,\"timestamping\":" + timestamping
            + ",\"delete_on_empty\":null}";
    assertThat(str(S2Json.encodeStreamConfig(arrival))).isEqualTo(json);
    assertThat(S2Json.decodeStreamConfig(utf8("{\"timestamping\":{\"mode\":\"arrival\"}}")))
        .isEqualTo(arrival);
  }

  @Test
  void streamConfigDecodesEveryVariant() {
    StreamConfig c =
        S2Json.decodeStreamConfig(
            utf8(
                "{\"storage_class\":\"express\",\"retention_policy\":{\"infinite\":{}},"
                    + "\"timestamping\":{\"mode\":\"client-require\",\"uncapped\":true},"
                    + "\"delete_on_empty\":{},\"future\":1}"));
    assertThat(c)
        .isEqualTo(
            StreamConfig.builder()
                .storageClass(StorageClass.EXPRESS)
                .retentionPolicy(RetentionPolicy.infinite())
                .timestamping(TimestampingMode.CLIENT_REQUIRE, true)
                .deleteOnEmpty(DeleteOnEmpty.DISABLED)
                .build());
    assertThat(str(S2Json.encodeStreamConfig(c)))
        .isEqualTo(
            "{\"storage_class\":\"express\",\"retention_policy\":{\"infinite\":{}},"
                + "\"timestamping\":{\"mode\":\"client-require\",\"uncapped\":true},"
                + "\"delete_on_empty\":{\"min_age_secs\":0}}");
    assertThat(S2Json.decodeStreamConfig(utf8("{}"))).isEqualTo(StreamConfig.EMPTY);
    assertThat(S2Json.decodeEnsureStreamConfig(new byte[0])).isEqualTo(StreamConfig.EMPTY);
  }

  @Test
  void zeroRetentionAgeIsUnprocessable() {
    var e = assertInvalid(() -> S2Json.decodeStreamConfig(utf8("{\"retention_policy\":{\"age\":0}}")));
    assertThat(e.getMessage()).isEqualTo("age must be greater than 0 seconds");
    assertInvalid(
        () ->
            S2Json.decodeStreamReconfiguration(utf8("{\"retention_policy\":{\"age\":0}}")));
    assertInvalid(
        () ->
            S2Json.decodeCreateStreamRequest(
                utf8("{\"stream\":\"s\",\"config\":{\"retention_policy\":{\"age\":0}}}")));
    // but a later syntax error is reported first, as bad_json
    assertBadJson(
        () -> S2Json.decodeStreamConfig(utf8("{\"retention_policy\":{\"age\":0},\"x\":}")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"retention_policy\":{\"age\":-1}}",
        "{\"retention_policy\":{\"age\":1.5}}",
        "{\"retention_policy\":{}}",
        "{\"retention_policy\":{\"age\":1,\"infinite\":{}}}",
        "{\"retention_policy\":{\"forever\":{}}}",
        "{\"retention_policy\":\"infinite\"}",
        "{\"storage_class\":\"premium\"}",
        "{\"storage_class\":\"EXPRESS\"}",
        "{\"timestamping\":{\"mode\":\"client\"}}",
        "{\"timestamping\":{\"uncapped\":\"false\"}}",
        "{\"delete_on_empty\":{\"min_age_secs\":null}}",
        "{\"delete_on_empty\":{\"min_age_secs\":\"60\"}}",
        "[]",
        "null",
      })
  void malformedStreamConfigIsBadJson(String json) {
    assertBadJson(() -> S2Json.decodeStreamConfig(utf8(json)));
  }

  @Test
  void streamReconfigurationAbsentNullAndValue() {
    StreamReconfiguration r =
        S2Json.decodeStreamReconfiguration(
            utf8(
                "{\"storage_class\":null,\"retention_policy\":{\"infinite\":{}},"
                    + "\"timestamping\":{\"mode\":\"arrival\"},"
                    + "\"delete_on_empty\":{\"min_age_secs\":null}}"));
    assertThat(r.storageClass()).isEqualTo(Patch.reset());
    assertThat(r.retentionPolicy()).isEqualTo(Patch.set(RetentionPolicy.infinite()));
    assertThat(r.timestamping())
        .isEqualTo(
            Patch.set(
                new TimestampingReconfiguration(
                    Patch.set(TimestampingMode.ARRIVAL), Patch.absent())));
    assertThat(r.deleteOnEmpty())
        .isEqualTo(Patch.set(new DeleteOnEmptyReconfiguration(Patch.reset())));

    assertThat(str(S2Json.encodeStreamReconfiguration(r)))
        .isEqualTo(
            "{\"storage_class\":null,\"retention_policy\":{\"infinite\":{}},"
                + "\"timestamping\":{\"mode\":\"arrival\"},"
                + "\"delete_on_empty\":{\"min_age_secs\":null}}");
    assertThat(S2Json.decodeStreamReconfiguration(S2Json.encodeStreamReconfiguration(r)))
        .isEqualTo(r);

    assertThat(S2Json.decodeStreamReconfiguration(utf8("{}")))
        .isEqualTo(StreamReconfiguration.NONE);
    assertThat(str(S2Json.encodeStreamReconfiguration(StreamReconfiguration.NONE)))
        .isEqualTo("{}");
    StreamReconfiguration golden =
        S2Json.decodeStreamReconfiguration(utf8("{\"timestamping\":{\"mode\":\"arrival\"}}"));
    assertThat(golden.storageClass().isAbsent()).isTrue();
    assertThat(golden.timestamping().value().mode()).isEqualTo(Patch.set(TimestampingMode.ARRIVAL));
    assertThat(golden.timestamping().value().uncapped().isAbsent()).isTrue();
    assertThat(S2Json.decodeStreamReconfiguration(utf8("{\"timestamping\":null}")).timestamping())
        .isEqualTo(Patch.reset());
  }

  @Test
  void basinConfigGoldenAndDefaults() {
    BasinConfig config =
        BasinConfig.builder()
            .defaultStreamConfig(StreamConfig.builder().storageClass(StorageClass.STANDARD).build())
            .streamCipher(EncryptionAlgorithm.AEGIS_256)
            .createStreamOnAppend(true)
            .build();
    String json =
        "{\"default_stream_config\":{\"storage_class\":\"standard\",\"retention_policy\":null,"
            + "\"timestamping\":null,\"delete_on_empty\":null},\"stream_cipher\":\"aegis-256\","
            + "\"create_stream_on_append\":true,\"create_stream_on_read\":false}";
    assertThat(str(S2Json.encodeBasinConfig(config))).isEqualTo(json);
    assertThat(S2Json.decodeBasinConfig(utf8(json))).isEqualTo(config);
    assertThat(str(S2Json.encodeBasinConfig(BasinConfig.DEFAULT)))
        .isEqualTo(
            "{\"default_stream_config\":null,\"stream_cipher\":null,"
                + "\"create_stream_on_append\":false,\"create_stream_on_read\":false}");
    assertThat(S2Json.decodeBasinConfig(utf8("{}"))).isEqualTo(BasinConfig.DEFAULT);
    assertThat(
            S2Json.decodeBasinConfig(utf8("{\"stream_cipher\":\"aes-256-gcm\"}")).streamCipher())
        .contains(EncryptionAlgorithm.AES_256_GCM);
    assertBadJson(() -> S2Json.decodeBasinConfig(utf8("{\"create_stream_on_read\":null}")));
    assertBadJson(() -> S2Json.decodeBasinConfig(utf8("{\"stream_cipher\":\"rot13\"}")));
  }

  @Test
  void basinReconfigurationPatches() {
    BasinReconfiguration r =
        S2Json.decodeBasinReconfiguration(
            utf8(
                "{\"default_stream_config\":{\"retention_policy\":{\"age\":60}},"
                    + "\"stream_cipher\":null,\"create_stream_on_read\":true}"));
    assertThat(r.defaultStreamConfig().value().retentionPolicy())
        .isEqualTo(Patch.set(RetentionPolicy.age(60)));
    assertThat(r.streamCipher().isReset()).isTrue();
    assertThat(r.createStreamOnAppend()).isEmpty();
    assertThat(r.createStreamOnRead()).contains(true);
    assertThat(str(S2Json.encodeBasinReconfiguration(r)))
        .isEqualTo(
            "{\"default_stream_config\":{\"retention_policy\":{\"age\":60}},"
                + "\"stream_cipher\":null,\"create_stream_on_read\":true}");
    BasinReconfiguration clear =
        S2Json.decodeBasinReconfiguration(utf8("{\"default_stream_config\":null}"));
    assertThat(clear.defaultStreamConfig().isReset()).isTrue();
    assertThat(str(S2Json.encodeBasinReconfiguration(clear)))
        .isEqualTo("{\"default_stream_config\":null}");
    assertBadJson(
        () -> S2Json.decodeBasinReconfiguration(utf8("{\"create_stream_on_append\":null}")));
  }
}

package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.JsonOut.optionalField;

import com.fasterxml.jackson.core.JsonGenerator;
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
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * JSON of stream and basin configs and their reconfigurations (protocol §4.1, §4.2). Unset
 * {@code Optional}s are written as {@code null}; {@link Patch#absent()} omits the key and {@link
 * Patch#reset()} writes {@code null}.
 */
final class ConfigJson {

  private ConfigJson() {}

  // ---- StreamConfig ----

  static void writeStreamConfig(JsonGenerator g, StreamConfig c) throws IOException {
    g.writeStartObject();
    optionalField(
        g, "storage_class", c.storageClass().map(StorageClass::wireName), JsonGenerator::writeString);
    optionalField(g, "retention_policy", c.retentionPolicy(), ConfigJson::writeRetention);
    optionalField(
        g,
        "timestamping",
        c.timestamping(),
        (gen, t) -> {
          gen.writeStartObject();
          optionalField(
              gen, "mode", t.mode().map(TimestampingMode::wireName), JsonGenerator::writeString);
          optionalField(gen, "uncapped", t.uncapped(), JsonGenerator::writeBoolean);
          gen.writeEndObject();
        });
    optionalField(
        g,
        "delete_on_empty",
        c.deleteOnEmpty(),
        (gen, d) -> {
          gen.writeStartObject();
          JsonOut.u64Field(gen, "min_age_secs", d.minAgeSecs());
          gen.writeEndObject();
        });
    g.writeEndObject();
  }

  static StreamConfig readStreamConfig(JsonIn in) {
    StreamConfig.Builder b = StreamConfig.builder();
    in.startObject("StreamConfig");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "storage_class":
          b.storageClass(nullable(in, ConfigJson::readStorageClass));
          break;
        case "retention_policy":
          b.retentionPolicy(nullable(in, ConfigJson::readRetention));
          break;
        case "timestamping":
          b.timestamping(nullable(in, ConfigJson::readTimestamping));
          break;
        case "delete_on_empty":
          b.deleteOnEmpty(nullable(in, ConfigJson::readDeleteOnEmpty));
          break;
        default:
          in.skipValue();
      }
    }
    return b.build();
  }

  private static StorageClass readStorageClass(JsonIn in) {
    String s = in.string("storage_class");
    return StorageClass.fromWireName(s)
        .orElseThrow(() -> unknownVariant(s, "standard", "express"));
  }

  private static TimestampingMode readMode(JsonIn in) {
    String s = in.string("mode");
    return TimestampingMode.fromWireName(s)
        .orElseThrow(() -> unknownVariant(s, "client-prefer", "client-require", "arrival"));
  }

  static EncryptionAlgorithm readCipher(JsonIn in, String what) {
    String s = in.string(what);
    return EncryptionAlgorithm.fromWireName(s)
        .orElseThrow(() -> unknownVariant(s, "aegis-256", "aes-256-gcm"));
  }

  private static void writeRetention(JsonGenerator g, RetentionPolicy r) throws IOException {
    g.writeStartObject();
    if (r.isInfinite()) {
      g.writeFieldName("infinite");
      g.writeStartObject();
      g.writeEndObject();
    } else {
      JsonOut.u64Field(g, "age", r.ageSecs().getAsLong());
    }
    g.writeEndObject();
  }

  private static RetentionPolicy readRetention(JsonIn in) {
    in.startObject("retention_policy");
    String variant = in.nextField();
    if (variant == null) {
      throw JsonIn.dataError("retention_policy must have exactly one of `age`, `infinite`");
    }
    RetentionPolicy policy;
    switch (variant) {
      case "age":
        long age = in.u64("age");
        if (age == 0) {
          in.invalid("age must be greater than 0 seconds");
        }
        policy = RetentionPolicy.age(age);
        break;
      case "infinite":
        in.startObject("infinite");
        while (in.nextField() != null) {
          in.skipValue();
        }
        policy = RetentionPolicy.infinite();
        break;
      default:
        throw unknownVariant(variant, "age", "infinite");
    }
    if (in.nextField() != null) {
      throw JsonIn.dataError("retention_policy must have exactly one of `age`, `infinite`");
    }
    return policy;
  }

  private static Timestamping readTimestamping(JsonIn in) {
    Optional<TimestampingMode> mode = Optional.empty();
    Optional<Boolean> uncapped = Optional.empty();
    in.startObject("timestamping");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "mode":
          mode = Optional.ofNullable(nullable(in, ConfigJson::readMode));
          break;
        case "uncapped":
          uncapped = Optional.ofNullable(nullable(in, i -> i.bool("uncapped")));
          break;
        default:
          in.skipValue();
      }
    }
    return new Timestamping(mode, uncapped);
  }

  private static DeleteOnEmpty readDeleteOnEmpty(JsonIn in) {
    long minAge = 0;
    in.startObject("delete_on_empty");
    for (String f; (f = in.nextField()) != null; ) {
      if (f.equals("min_age_secs")) {
        minAge = in.u64("min_age_secs");
      } else {
        in.skipValue();
      }
    }
    return DeleteOnEmpty.of(minAge);
  }

  // ---- StreamReconfiguration ----

  static void writeStreamReconfiguration(JsonGenerator g, StreamReconfiguration r)
      throws IOException {
    g.writeStartObject();
    writePatch(g, "storage_class", r.storageClass(), (gen, v) -> gen.writeString(v.wireName()));
    writePatch(g, "retention_policy", r.retentionPolicy(), ConfigJson::writeRetention);
    writePatch(
        g,
        "timestamping",
        r.timestamping(),
        (gen, t) -> {
          gen.writeStartObject();
          writePatch(gen, "mode", t.mode(), (x, m) -> x.writeString(m.wireName()));
          writePatch(gen, "uncapped", t.uncapped(), JsonGenerator::writeBoolean);
          gen.writeEndObject();
        });
    writePatch(
        g,
        "delete_on_empty",
        r.deleteOnEmpty(),
        (gen, d) -> {
          gen.writeStartObject();
          writePatch(gen, "min_age_secs", d.minAgeSecs(), JsonOut::u64);
          gen.writeEndObject();
        });
    g.writeEndObject();
  }

  static StreamReconfiguration readStreamReconfiguration(JsonIn in) {
    StreamReconfiguration.Builder b = StreamReconfiguration.builder();
    in.startObject("StreamReconfiguration");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "storage_class":
          b.storageClass(patch(in, ConfigJson::readStorageClass));
          break;
        case "retention_policy":
          b.retentionPolicy(patch(in, ConfigJson::readRetention));
          break;
        case "timestamping":
          b.timestamping(patch(in, ConfigJson::readTimestampingPatch));
          break;
        case "delete_on_empty":
          b.deleteOnEmpty(patch(in, ConfigJson::readDeleteOnEmptyPatch));
          break;
        default:
          in.skipValue();
      }
    }
    return b.build();
  }

  private static TimestampingReconfiguration readTimestampingPatch(JsonIn in) {
    Patch<TimestampingMode> mode = Patch.absent();
    Patch<Boolean> uncapped = Patch.absent();
    in.startObject("timestamping");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "mode":
          mode = patch(in, ConfigJson::readMode);
          break;
        case "uncapped":
          uncapped = patch(in, i -> i.bool("uncapped"));
          break;
        default:
          in.skipValue();
      }
    }
    return new TimestampingReconfiguration(mode, uncapped);
  }

  private static DeleteOnEmptyReconfiguration readDeleteOnEmptyPatch(JsonIn in) {
    Patch<Long> minAge = Patch.absent();
    in.startObject("delete_on_empty");
    for (String f; (f = in.nextField()) != null; ) {
      if (f.equals("min_age_secs")) {
        minAge = patch(in, i -> i.u64("min_age_secs"));
      } else {
        in.skipValue();
      }
    }
    return new DeleteOnEmptyReconfiguration(minAge);
  }

  // ---- BasinConfig ----

  static void writeBasinConfig(JsonGenerator g, BasinConfig c) throws IOException {
    g.writeStartObject();
    optionalField(
        g, "default_stream_config", c.defaultStreamConfig(), ConfigJson::writeStreamConfig);
    optionalField(
        g,
        "stream_cipher",
        c.streamCipher().map(EncryptionAlgorithm::wireName),
        JsonGenerator::writeString);
    g.writeBooleanField("create_stream_on_append", c.createStreamOnAppend());
    g.writeBooleanField("create_stream_on_read", c.createStreamOnRead());
    g.writeEndObject();
  }

  static BasinConfig readBasinConfig(JsonIn in) {
    BasinConfig.Builder b = BasinConfig.builder();
    in.startObject("BasinConfig");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "default_stream_config":
          b.defaultStreamConfig(nullable(in, ConfigJson::readStreamConfig));
          break;
        case "stream_cipher":
          b.streamCipher(nullable(in, i -> readCipher(i, "stream_cipher")));
          break;
        case "create_stream_on_append":
          b.createStreamOnAppend(in.bool("create_stream_on_append"));
          break;
        case "create_stream_on_read":
          b.createStreamOnRead(in.bool("create_stream_on_read"));
          break;
        default:
          in.skipValue();
      }
    }
    return b.build();
  }

  // ---- BasinReconfiguration ----

  static void writeBasinReconfiguration(JsonGenerator g, BasinReconfiguration r)
      throws IOException {
    g.writeStartObject();
    writePatch(
        g, "default_stream_config", r.defaultStreamConfig(), ConfigJson::writeStreamReconfiguration);
    writePatch(g, "stream_cipher", r.streamCipher(), (gen, v) -> gen.writeString(v.wireName()));
    if (r.createStreamOnAppend().isPresent()) {
      g.writeBooleanField("create_stream_on_append", r.createStreamOnAppend().get());
    }
    if (r.createStreamOnRead().isPresent()) {
      g.writeBooleanField("create_stream_on_read", r.createStreamOnRead().get());
    }
    g.writeEndObject();
  }

  static BasinReconfiguration readBasinReconfiguration(JsonIn in) {
    BasinReconfiguration.Builder b = BasinReconfiguration.builder();
    in.startObject("BasinReconfiguration");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "default_stream_config":
          b.defaultStreamConfig(patch(in, ConfigJson::readStreamReconfiguration));
          break;
        case "stream_cipher":
          b.streamCipher(patch(in, i -> readCipher(i, "stream_cipher")));
          break;
        case "create_stream_on_append":
          b.createStreamOnAppend(in.bool("create_stream_on_append"));
          break;
        case "create_stream_on_read":
          b.createStreamOnRead(in.bool("create_stream_on_read"));
          break;
        default:
          in.skipValue();
      }
    }
    return b.build();
  }

  // ---- helpers ----

  private static <T> void writePatch(
      JsonGenerator g, String name, Patch<T> patch, JsonOut.ValueWriter<? super T> writer)
      throws IOException {
    if (patch.isAbsent()) {
      return;
    }
    g.writeFieldName(name);
    if (patch.isReset()) {
      g.writeNull();
    } else {
      writer.write(g, patch.value());
    }
  }

  /** The value read by {@code reader}, or null for a JSON null. */
  static <T> T nullable(JsonIn in, Function<JsonIn, T> reader) {
    if (in.isNull()) {
      in.skipNull();
      return null;
    }
    return reader.apply(in);
  }

  /** A present key: reset for a JSON null, otherwise set to the value read by {@code reader}. */
  static <T> Patch<T> patch(JsonIn in, Function<JsonIn, T> reader) {
    if (in.isNull()) {
      in.skipNull();
      return Patch.reset();
    }
    return Patch.set(reader.apply(in));
  }

  static RuntimeException unknownVariant(String value, String... expected) {
    return JsonIn.dataError(
        "unknown variant `" + value + "`, expected one of `" + String.join("`, `", expected) + "`");
  }
}

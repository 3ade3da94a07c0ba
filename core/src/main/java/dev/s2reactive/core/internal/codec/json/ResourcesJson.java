package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.ConfigJson.nullable;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.s2reactive.core.internal.validation.Names;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.BasinState;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EncryptionAlgorithm;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.ListBasinsResponse;
import dev.s2reactive.core.model.ListStreamsResponse;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * JSON of basin and stream resources (protocol §4.1, §4.2). Request decoders validate names and
 * locations as the reference parser does (400 {@code bad_json}); response decoders are lenient
 * about deprecated fields ({@code scope}, {@code state}).
 */
final class ResourcesJson {

  private ResourcesJson() {}

  // ---- BasinInfo ----

  static void writeBasinInfo(JsonGenerator g, BasinInfo b) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", b.name());
    g.writeFieldName("location");
    ConfigJson.writeOpt(g, b.location());
    g.writeFieldName("created_at");
    JsonOut.instant(g, b.createdAt());
    g.writeFieldName("deleted_at");
    writeOptInstant(g, b.deletedAt());
    g.writeStringField("state", b.state().wireName());
    g.writeEndObject();
  }

  static BasinInfo readBasinInfo(JsonIn in) {
    String name = null;
    String location = null;
    String scope = null;
    Instant createdAt = null;
    Instant deletedAt = null;
    BasinState state = null;
    in.startObject("BasinInfo");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "name":
          name = in.string("name");
          break;
        case "location":
          location = in.optString("location");
          break;
        case "scope":
          scope = in.optString("scope");
          break;
        case "created_at":
          createdAt = nullable(in, i -> i.timestamp("created_at"));
          break;
        case "deleted_at":
          deletedAt = nullable(in, i -> i.timestamp("deleted_at"));
          break;
        case "state":
          String s = in.optString("state");
          state = s == null ? null : BasinState.fromWireName(s).orElse(null);
          break;
        default:
          in.skipValue();
      }
    }
    if (name == null) {
      throw in.missing("name");
    }
    if (state == null) {
      state = deletedAt != null ? BasinState.DELETING : BasinState.ACTIVE;
    }
    // Servers from before created_at existed sent {name, scope, state}.
    return new BasinInfo(
        name,
        Optional.ofNullable(location != null ? location : scope),
        createdAt != null ? createdAt : Instant.EPOCH,
        Optional.ofNullable(deletedAt),
        state);
  }

  static void writeListBasins(JsonGenerator g, ListBasinsResponse r) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("basins");
    for (BasinInfo b : r.basins()) {
      writeBasinInfo(g, b);
    }
    g.writeEndArray();
    g.writeBooleanField("has_more", r.hasMore());
    g.writeEndObject();
  }

  static ListBasinsResponse readListBasins(JsonIn in) {
    List<BasinInfo> items = null;
    Boolean hasMore = null;
    in.startObject("ListBasinsResponse");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "basins":
          items = readList(in, "basins", ResourcesJson::readBasinInfo);
          break;
        case "has_more":
          hasMore = in.bool("has_more");
          break;
        default:
          in.skipValue();
      }
    }
    if (items == null) {
      throw in.missing("basins");
    }
    if (hasMore == null) {
      throw in.missing("has_more");
    }
    return new ListBasinsResponse(items, hasMore);
  }

  // ---- StreamInfo ----

  static void writeStreamInfo(JsonGenerator g, StreamInfo s) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", s.name());
    g.writeFieldName("created_at");
    JsonOut.instant(g, s.createdAt());
    g.writeFieldName("deleted_at");
    writeOptInstant(g, s.deletedAt());
    g.writeFieldName("cipher");
    ConfigJson.writeOpt(g, s.cipher().map(EncryptionAlgorithm::wireName));
    g.writeEndObject();
  }

  static StreamInfo readStreamInfo(JsonIn in) {
    String name = null;
    Instant createdAt = null;
    Instant deletedAt = null;
    EncryptionAlgorithm cipher = null;
    in.startObject("StreamInfo");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "name":
          name = in.string("name");
          break;
        case "created_at":
          createdAt = in.timestamp("created_at");
          break;
        case "deleted_at":
          deletedAt = nullable(in, i -> i.timestamp("deleted_at"));
          break;
        case "cipher":
          cipher = nullable(in, i -> ConfigJson.readCipher(i, "cipher"));
          break;
        default:
          in.skipValue();
      }
    }
    if (name == null) {
      throw in.missing("name");
    }
    if (createdAt == null) {
      throw in.missing("created_at");
    }
    return new StreamInfo(
        name, createdAt, Optional.ofNullable(deletedAt), Optional.ofNullable(cipher));
  }

  static void writeListStreams(JsonGenerator g, ListStreamsResponse r) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("streams");
    for (StreamInfo s : r.streams()) {
      writeStreamInfo(g, s);
    }
    g.writeEndArray();
    g.writeBooleanField("has_more", r.hasMore());
    g.writeEndObject();
  }

  static ListStreamsResponse readListStreams(JsonIn in) {
    List<StreamInfo> items = null;
    Boolean hasMore = null;
    in.startObject("ListStreamsResponse");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "streams":
          items = readList(in, "streams", ResourcesJson::readStreamInfo);
          break;
        case "has_more":
          hasMore = in.bool("has_more");
          break;
        default:
          in.skipValue();
      }
    }
    if (items == null) {
      throw in.missing("streams");
    }
    if (hasMore == null) {
      throw in.missing("has_more");
    }
    return new ListStreamsResponse(items, hasMore);
  }

  // ---- requests ----

  static void writeCreateBasin(JsonGenerator g, CreateBasinRequest r) throws IOException {
    g.writeStartObject();
    g.writeStringField("basin", r.basin());
    writeBasinBody(g, r.config(), r.location());
    g.writeEndObject();
  }

  static void writeEnsureBasin(JsonGenerator g, EnsureBasinRequest r) throws IOException {
    g.writeStartObject();
    writeBasinBody(g, r.config(), r.location());
    g.writeEndObject();
  }

  private static void writeBasinBody(
      JsonGenerator g, Optional<BasinConfig> config, Optional<String> location)
      throws IOException {
    g.writeFieldName("config");
    if (config.isPresent()) {
      ConfigJson.writeBasinConfig(g, config.get());
    } else {
      g.writeNull();
    }
    g.writeFieldName("location");
    ConfigJson.writeOpt(g, location);
  }

  static CreateBasinRequest readCreateBasin(JsonIn in) {
    String basin = null;
    BasinConfig config = null;
    String location = null;
    String scope = null;
    in.startObject("CreateBasinRequest");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "basin":
          basin = checked(in.string("basin"), Names::basinNameError);
          break;
        case "config":
          config = nullable(in, ConfigJson::readBasinConfig);
          break;
        case "location":
          location = checkedOpt(in.optString("location"), Names::locationError);
          break;
        case "scope":
          scope = checkedOpt(in.optString("scope"), Names::locationError);
          break;
        default:
          in.skipValue();
      }
    }
    if (basin == null) {
      throw in.missing("basin");
    }
    return new CreateBasinRequest(
        basin, Optional.ofNullable(config), Optional.ofNullable(location != null ? location : scope));
  }

  static EnsureBasinRequest readEnsureBasin(JsonIn in) {
    BasinConfig config = null;
    String location = null;
    String scope = null;
    in.startObject("EnsureBasinRequest");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "config":
          config = nullable(in, ConfigJson::readBasinConfig);
          break;
        case "location":
          location = checkedOpt(in.optString("location"), Names::locationError);
          break;
        case "scope":
          scope = checkedOpt(in.optString("scope"), Names::locationError);
          break;
        default:
          in.skipValue();
      }
    }
    return new EnsureBasinRequest(
        Optional.ofNullable(config), Optional.ofNullable(location != null ? location : scope));
  }

  static void writeCreateStream(JsonGenerator g, CreateStreamRequest r) throws IOException {
    g.writeStartObject();
    g.writeStringField("stream", r.stream());
    g.writeFieldName("config");
    if (r.config().isPresent()) {
      ConfigJson.writeStreamConfig(g, r.config().get());
    } else {
      g.writeNull();
    }
    g.writeEndObject();
  }

  static CreateStreamRequest readCreateStream(JsonIn in) {
    String stream = null;
    StreamConfig config = null;
    in.startObject("CreateStreamRequest");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "stream":
          stream = checked(in.string("stream"), Names::streamNameError);
          break;
        case "config":
          config = nullable(in, ConfigJson::readStreamConfig);
          break;
        default:
          in.skipValue();
      }
    }
    if (stream == null) {
      throw in.missing("stream");
    }
    return new CreateStreamRequest(stream, Optional.ofNullable(config));
  }

  // ---- helpers ----

  static <T> List<T> readList(JsonIn in, String what, Function<JsonIn, T> reader) {
    in.startArray(what);
    ArrayList<T> items = new ArrayList<>();
    while (!in.endArray()) {
      items.add(reader.apply(in));
    }
    return items;
  }

  static void writeOptInstant(JsonGenerator g, Optional<Instant> t) throws IOException {
    if (t.isPresent()) {
      JsonOut.instant(g, t.get());
    } else {
      g.writeNull();
    }
  }

  /** {@code value}, or a 400 {@code bad_json} when {@code rule} finds it invalid. */
  static String checked(String value, Function<String, Optional<String>> rule) {
    Optional<String> error = rule.apply(value);
    if (error.isPresent()) {
      throw JsonIn.dataError(error.get());
    }
    return value;
  }

  static String checkedOpt(String value, Function<String, Optional<String>> rule) {
    return value == null ? null : checked(value, rule);
  }
}

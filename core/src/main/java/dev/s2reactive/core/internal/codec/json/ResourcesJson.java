package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.ConfigJson.nullable;
import static dev.s2reactive.core.internal.codec.json.JsonOut.optionalField;

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
import java.util.function.BiFunction;
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
    optionalField(g, "location", b.location(), JsonGenerator::writeString);
    g.writeFieldName("created_at");
    JsonOut.instant(g, b.createdAt());
    optionalField(g, "deleted_at", b.deletedAt(), JsonOut::instant);
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
    writePage(g, "basins", r.basins(), r.hasMore(), ResourcesJson::writeBasinInfo);
  }

  static ListBasinsResponse readListBasins(JsonIn in) {
    return readPage(
        in, "ListBasinsResponse", "basins", ResourcesJson::readBasinInfo, ListBasinsResponse::new);
  }

  // ---- StreamInfo ----

  static void writeStreamInfo(JsonGenerator g, StreamInfo s) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", s.name());
    g.writeFieldName("created_at");
    JsonOut.instant(g, s.createdAt());
    optionalField(g, "deleted_at", s.deletedAt(), JsonOut::instant);
    optionalField(
        g, "cipher", s.cipher().map(EncryptionAlgorithm::wireName), JsonGenerator::writeString);
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
    writePage(g, "streams", r.streams(), r.hasMore(), ResourcesJson::writeStreamInfo);
  }

  static ListStreamsResponse readListStreams(JsonIn in) {
    return readPage(
        in, "ListStreamsResponse", "streams", ResourcesJson::readStreamInfo, ListStreamsResponse::new);
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
    optionalField(g, "config", config, ConfigJson::writeBasinConfig);
    optionalField(g, "location", location, JsonGenerator::writeString);
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
    optionalField(g, "config", r.config(), ConfigJson::writeStreamConfig);
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

  /** A page of a list response: {@code {"<key>": [items], "has_more": bool}}. */
  static <T> void writePage(
      JsonGenerator g,
      String key,
      List<T> items,
      boolean hasMore,
      JsonOut.ValueWriter<? super T> writer)
      throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart(key);
    for (T item : items) {
      writer.write(g, item);
    }
    g.writeEndArray();
    g.writeBooleanField("has_more", hasMore);
    g.writeEndObject();
  }

  /** Reads what {@link #writePage} writes (both keys required) into {@code page}. */
  static <T, R> R readPage(
      JsonIn in,
      String what,
      String key,
      Function<JsonIn, T> reader,
      BiFunction<List<T>, Boolean, R> page) {
    List<T> items = null;
    Boolean hasMore = null;
    in.startObject(what);
    for (String f; (f = in.nextField()) != null; ) {
      if (f.equals(key)) {
        items = readList(in, key, reader);
      } else if (f.equals("has_more")) {
        hasMore = in.bool("has_more");
      } else {
        in.skipValue();
      }
    }
    if (items == null) {
      throw in.missing(key);
    }
    if (hasMore == null) {
      throw in.missing("has_more");
    }
    return page.apply(items, hasMore);
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

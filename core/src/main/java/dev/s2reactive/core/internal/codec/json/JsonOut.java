package dev.s2reactive.core.internal.codec.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.StreamPosition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** Writing helpers shared by the JSON encoders. Stateless. */
final class JsonOut {

  /** Writes one JSON document to a generator. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** Writes one value to a generator. */
  @FunctionalInterface
  interface ValueWriter<T> {
    void write(JsonGenerator g, T value) throws IOException;
  }

  private JsonOut() {}

  static byte[] toBytes(Body body) {
    try (ByteArrayBuilder buffer = new ByteArrayBuilder(256)) {
      try (JsonGenerator g = JsonIn.FACTORY.createGenerator(buffer, JsonEncoding.UTF8)) {
        body.write(g);
      }
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void to(OutputStream out, Body body) {
    try (JsonGenerator g = JsonIn.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes an unsigned 64-bit value held in a long. */
  static void u64(JsonGenerator g, long value) throws IOException {
    if (value >= 0) {
      g.writeNumber(value);
    } else {
      g.writeNumber(Long.toUnsignedString(value));
    }
  }

  static void u64Field(JsonGenerator g, String name, long value) throws IOException {
    g.writeFieldName(name);
    u64(g, value);
  }

  /** Writes field {@code name}: the value by {@code writer}, or {@code null} when empty. */
  static <T> void optionalField(
      JsonGenerator g, String name, Optional<T> value, ValueWriter<? super T> writer)
      throws IOException {
    g.writeFieldName(name);
    if (value.isPresent()) {
      writer.write(g, value.get());
    } else {
      g.writeNull();
    }
  }

  static void position(JsonGenerator g, StreamPosition p) throws IOException {
    g.writeStartObject();
    u64Field(g, "seq_num", p.seqNum());
    u64Field(g, "timestamp", p.timestamp());
    g.writeEndObject();
  }

  static void instant(JsonGenerator g, Instant t) throws IOException {
    g.writeString(t.toString());
  }

  /** Writes bytes as a JSON string in the given record format. */
  static void bytes(JsonGenerator g, Bytes value, RecordFormat format) throws IOException {
    byte[] a = BytesInternals.array(value);
    if (format == RecordFormat.BASE64) {
      byte[] encoded = Base64.getEncoder().encode(a);
      g.writeRawUTF8String(encoded, 0, encoded.length);
    } else if (Utf8.isValid(a)) {
      g.writeUTF8String(a, 0, a.length);
    } else {
      g.writeString(Utf8.decodeLossy(a));
    }
  }
}

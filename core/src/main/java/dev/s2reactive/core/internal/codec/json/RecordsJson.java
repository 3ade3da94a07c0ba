package dev.s2reactive.core.internal.codec.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.internal.validation.AppendValidation;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.core.model.TailResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** JSON of the record path: appends, acks, read batches, positions (protocol §4.3, §5). */
final class RecordsJson {

  private RecordsJson() {}

  // ---- AppendInput ----

  static AppendInput readAppendInput(JsonIn in, RecordFormat format) {
    List<AppendRecord> records = null;
    OptionalLong matchSeqNum = OptionalLong.empty();
    Optional<String> fencingToken = Optional.empty();
    in.startObject("AppendInput");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "records":
          records = readAppendRecords(in, format);
          break;
        case "match_seq_num":
          if (in.isNull()) {
            in.skipNull();
            matchSeqNum = OptionalLong.empty();
          } else {
            matchSeqNum = OptionalLong.of(in.u64("match_seq_num"));
          }
          break;
        case "fencing_token":
          String token = in.optString("fencing_token");
          if (token != null) {
            Optional<String> error = AppendValidation.fencingTokenError(token);
            if (error.isPresent()) {
              throw JsonIn.dataError(error.get());
            }
          }
          fencingToken = Optional.ofNullable(token);
          break;
        default:
          in.skipValue();
      }
    }
    if (records == null) {
      throw in.missing("records");
    }
    return new AppendInput(records, matchSeqNum, fencingToken);
  }

  private static List<AppendRecord> readAppendRecords(JsonIn in, RecordFormat format) {
    in.startArray("records");
    ArrayList<AppendRecord> records = new ArrayList<>();
    while (!in.endArray()) {
      records.add(readAppendRecord(in, format));
    }
    return records;
  }

  private static AppendRecord readAppendRecord(JsonIn in, RecordFormat format) {
    OptionalLong timestamp = OptionalLong.empty();
    List<Header> headers = List.of();
    Bytes body = Bytes.EMPTY;
    in.startObject("AppendRecord");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "timestamp":
          if (in.isNull()) {
            in.skipNull();
            timestamp = OptionalLong.empty();
          } else {
            timestamp = OptionalLong.of(in.u64("timestamp"));
          }
          break;
        case "headers":
          headers = readHeaders(in, format);
          break;
        case "body":
          body = readBytes(in, "body", format);
          break;
        default:
          in.skipValue();
      }
    }
    return new AppendRecord(timestamp, headers, body);
  }

  private static List<Header> readHeaders(JsonIn in, RecordFormat format) {
    in.startArray("headers");
    ArrayList<Header> headers = new ArrayList<>(2);
    while (!in.endArray()) {
      in.startArray("header");
      if (in.endArray()) {
        throw JsonIn.dataError("invalid length 0, expected a [name, value] pair");
      }
      Bytes name = readBytes(in, "header name", format);
      if (in.endArray()) {
        throw JsonIn.dataError("invalid length 1, expected a [name, value] pair");
      }
      Bytes value = readBytes(in, "header value", format);
      if (!in.endArray()) {
        throw JsonIn.dataError("trailing elements, expected a [name, value] pair");
      }
      headers.add(new Header(name, value));
    }
    return headers;
  }

  private static Bytes readBytes(JsonIn in, String what, RecordFormat format) {
    if (format == RecordFormat.RAW) {
      return BytesInternals.wrap(in.utf8Bytes(what));
    }
    byte[] decoded = in.base64Bytes(what);
    if (decoded == null) {
      in.invalid(RecordFormat.INVALID_BASE64);
      return Bytes.EMPTY;
    }
    return BytesInternals.wrap(decoded);
  }

  static void writeAppendInput(JsonGenerator g, AppendInput input, RecordFormat format)
      throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("records");
    for (AppendRecord r : input.records()) {
      g.writeStartObject();
      if (r.timestamp().isPresent()) {
        JsonOut.u64Field(g, "timestamp", r.timestamp().getAsLong());
      }
      writeHeaders(g, r.headers(), format);
      if (!r.body().isEmpty()) {
        g.writeFieldName("body");
        JsonOut.bytes(g, r.body(), format);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    if (input.matchSeqNum().isPresent()) {
      JsonOut.u64Field(g, "match_seq_num", input.matchSeqNum().getAsLong());
    }
    if (input.fencingToken().isPresent()) {
      g.writeStringField("fencing_token", input.fencingToken().get());
    }
    g.writeEndObject();
  }

  private static void writeHeaders(JsonGenerator g, List<Header> headers, RecordFormat format)
      throws IOException {
    if (headers.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("headers");
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header h = headers.get(i);
      g.writeStartArray();
      JsonOut.bytes(g, h.name(), format);
      JsonOut.bytes(g, h.value(), format);
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  // ---- ReadBatch ----

  static void writeReadBatch(JsonGenerator g, ReadBatch batch, RecordFormat format)
      throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("records");
    List<SequencedRecord> records = batch.records();
    for (int i = 0, n = records.size(); i < n; i++) {
      SequencedRecord r = records.get(i);
      g.writeStartObject();
      JsonOut.u64Field(g, "seq_num", r.seqNum());
      JsonOut.u64Field(g, "timestamp", r.timestamp());
      writeHeaders(g, r.headers(), format);
      if (!r.body().isEmpty()) {
        g.writeFieldName("body");
        JsonOut.bytes(g, r.body(), format);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    if (batch.tail().isPresent()) {
      g.writeFieldName("tail");
      JsonOut.position(g, batch.tail().get());
    }
    g.writeEndObject();
  }

  static ReadBatch readReadBatch(JsonIn in, RecordFormat format) {
    List<SequencedRecord> records = null;
    Optional<StreamPosition> tail = Optional.empty();
    in.startObject("ReadBatch");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "records":
          in.startArray("records");
          records = new ArrayList<>();
          while (!in.endArray()) {
            records.add(readSequencedRecord(in, format));
          }
          break;
        case "tail":
          if (in.isNull()) {
            in.skipNull();
            tail = Optional.empty();
          } else {
            tail = Optional.of(readPosition(in, "tail"));
          }
          break;
        default:
          in.skipValue();
      }
    }
    if (records == null) {
      throw in.missing("records");
    }
    return new ReadBatch(records, tail);
  }

  private static SequencedRecord readSequencedRecord(JsonIn in, RecordFormat format) {
    long seqNum = 0;
    long timestamp = 0;
    boolean hasSeqNum = false;
    boolean hasTimestamp = false;
    List<Header> headers = List.of();
    Bytes body = Bytes.EMPTY;
    in.startObject("SequencedRecord");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "seq_num":
          seqNum = in.u64("seq_num");
          hasSeqNum = true;
          break;
        case "timestamp":
          timestamp = in.u64("timestamp");
          hasTimestamp = true;
          break;
        case "headers":
          if (in.isNull()) {
            in.skipNull();
          } else {
            headers = readHeaders(in, format);
          }
          break;
        case "body":
          if (in.isNull()) {
            in.skipNull();
          } else {
            body = readBytes(in, "body", format);
          }
          break;
        default:
          in.skipValue();
      }
    }
    if (!hasSeqNum) {
      throw in.missing("seq_num");
    }
    if (!hasTimestamp) {
      throw in.missing("timestamp");
    }
    return new SequencedRecord(seqNum, timestamp, headers, body);
  }

  // ---- positions, acks, tail ----

  static StreamPosition readPosition(JsonIn in, String what) {
    long seqNum = 0;
    long timestamp = 0;
    boolean hasSeqNum = false;
    boolean hasTimestamp = false;
    in.startObject(what);
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "seq_num":
          seqNum = in.u64("seq_num");
          hasSeqNum = true;
          break;
        case "timestamp":
          timestamp = in.u64("timestamp");
          hasTimestamp = true;
          break;
        default:
          in.skipValue();
      }
    }
    if (!hasSeqNum) {
      throw in.missing("seq_num");
    }
    if (!hasTimestamp) {
      throw in.missing("timestamp");
    }
    return StreamPosition.of(seqNum, timestamp);
  }

  static void writeAppendAck(JsonGenerator g, AppendAck ack) throws IOException {
    g.writeStartObject();
    g.writeFieldName("start");
    JsonOut.position(g, ack.start());
    g.writeFieldName("end");
    JsonOut.position(g, ack.end());
    g.writeFieldName("tail");
    JsonOut.position(g, ack.tail());
    g.writeEndObject();
  }

  static AppendAck readAppendAck(JsonIn in) {
    StreamPosition start = null;
    StreamPosition end = null;
    StreamPosition tail = null;
    in.startObject("AppendAck");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "start":
          start = readPosition(in, "start");
          break;
        case "end":
          end = readPosition(in, "end");
          break;
        case "tail":
          tail = readPosition(in, "tail");
          break;
        default:
          in.skipValue();
      }
    }
    if (start == null) {
      throw in.missing("start");
    }
    if (end == null) {
      throw in.missing("end");
    }
    if (tail == null) {
      throw in.missing("tail");
    }
    return new AppendAck(start, end, tail);
  }

  static void writeTail(JsonGenerator g, TailResponse tail) throws IOException {
    g.writeStartObject();
    g.writeFieldName("tail");
    JsonOut.position(g, tail.tail());
    g.writeEndObject();
  }

  static TailResponse readTail(JsonIn in) {
    StreamPosition tail = null;
    in.startObject("TailResponse");
    for (String f; (f = in.nextField()) != null; ) {
      if (f.equals("tail")) {
        tail = readPosition(in, "tail");
      } else {
        in.skipValue();
      }
    }
    if (tail == null) {
      throw in.missing("tail");
    }
    return new TailResponse(tail);
  }
}

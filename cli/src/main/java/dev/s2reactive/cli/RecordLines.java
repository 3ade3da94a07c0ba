package dev.s2reactive.cli;

import dev.s2reactive.core.internal.codec.json.RecordFormat;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One record per line: {@code text} is the body itself; {@code json} / {@code json-base64} is an
 * S2 record object (protocol §4.3, raw or base64 format).
 */
enum RecordLines {
  TEXT,
  JSON,
  JSON_BASE64;

  static RecordLines parse(String value) {
    return switch (value) {
      case "text" -> TEXT;
      case "json" -> JSON;
      case "json-base64" -> JSON_BASE64;
      default -> throw new IllegalArgumentException(
          "unknown format " + value + " (expected text, json or json-base64)");
    };
  }

  AppendRecord toRecord(String line) {
    if (this == TEXT) {
      return AppendRecord.of(line);
    }
    byte[] input = ("{\"records\":[" + line + "]}").getBytes(StandardCharsets.UTF_8);
    return S2Json.decodeAppendInput(input, jsonFormat()).records().get(0);
  }

  String toLine(SequencedRecord record) {
    if (this == TEXT) {
      return record.body().utf8();
    }
    String batch =
        new String(
            S2Json.encodeReadBatch(ReadBatch.of(List.of(record)), jsonFormat()),
            StandardCharsets.UTF_8);
    // {"records":[ … ]} → the one record object
    return batch.substring(batch.indexOf('[') + 1, batch.lastIndexOf(']'));
  }

  private RecordFormat jsonFormat() {
    return this == JSON_BASE64 ? RecordFormat.BASE64 : RecordFormat.RAW;
  }
}

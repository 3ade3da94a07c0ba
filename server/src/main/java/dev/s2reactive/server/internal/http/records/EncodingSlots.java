package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.core.internal.codec.json.RecordFormat;
import dev.s2reactive.core.internal.codec.s2s.Compression;

/** The {@code SharedBatch} encoding slot of each wire format the records endpoints write. */
final class EncodingSlots {

  private EncodingSlots() {}

  /** ReadBatch JSON, raw (0) or base64 (1). */
  static int json(RecordFormat format) {
    return format == RecordFormat.RAW ? 0 : 1;
  }

  /** A complete s2s ReadBatch frame with one compression: 2, 3 or 4. */
  static int s2sFrame(Compression compression) {
    return 2 + compression.ordinal();
  }
}

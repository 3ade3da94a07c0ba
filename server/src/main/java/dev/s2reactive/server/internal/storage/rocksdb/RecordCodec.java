package dev.s2reactive.server.internal.storage.rocksdb;

import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.server.internal.storage.StreamState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Value encodings.
 *
 * <p>Chunk (one RocksDB value): {@code count u32 ‖ (length u32 ‖ record)*}.
 *
 * <p>Record: {@code timestamp u64 ‖ headerCount u32 ‖ (nameLen u32 ‖ name ‖ valueLen u32 ‖
 * value)* ‖ body}. The timestamp comes first so a read can stop at {@code until} before decoding.
 *
 * <p>State: {@code tailSeqNum u64 ‖ tailTimestamp u64 ‖ trimPoint u64 ‖ fencingToken utf8}.
 */
final class RecordCodec {

  private RecordCodec() {}

  /** Bytes {@link #encodeRecord} writes for {@code record}. */
  static int encodedSize(SequencedRecord record) {
    List<Header> headers = record.headers();
    int size = 12 + record.body().size();
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header h = headers.get(i);
      size += 8 + h.name().size() + h.value().size();
    }
    return size;
  }

  static void encodeRecord(SequencedRecord record, ByteBuffer out) {
    List<Header> headers = record.headers();
    out.putLong(record.timestamp());
    out.putInt(headers.size());
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header h = headers.get(i);
      putBytes(out, h.name());
      putBytes(out, h.value());
    }
    out.put(BytesInternals.array(record.body()));
  }

  /**
   * Encodes contiguous records as one value: {@code count u32 ‖ (length u32 ‖ record)*}, written
   * straight into one exactly-sized array.
   */
  static byte[] encodeChunk(List<SequencedRecord> records) {
    int size = 4;
    int[] sizes = new int[records.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = encodedSize(records.get(i));
      size += 4 + sizes[i];
    }
    ByteBuffer out = ByteBuffer.wrap(new byte[size]);
    out.putInt(sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      out.putInt(sizes[i]);
      encodeRecord(records.get(i), out);
    }
    return out.array();
  }

  private static void putBytes(ByteBuffer out, Bytes bytes) {
    out.putInt(bytes.size());
    out.put(BytesInternals.array(bytes));
  }

  /** The timestamp of an encoded record at the buffer's position. */
  static long timestamp(ByteBuffer value) {
    return value.getLong(value.position());
  }

  /**
   * Decodes the record in {@code value} (position to limit). Each header and the body get their
   * own exactly-sized array, filled straight from the buffer and wrapped without a further copy.
   */
  static SequencedRecord decodeRecord(long seqNum, ByteBuffer value) {
    long timestamp = value.getLong();
    int headerCount = value.getInt();
    List<Header> headers;
    if (headerCount == 0) {
      headers = List.of();
    } else if (headerCount == 1) {
      // List.of(one) is what SequencedRecord would copy a list into anyway
      headers = List.of(decodeHeader(value));
    } else {
      headers = new ArrayList<>(headerCount);
      for (int i = 0; i < headerCount; i++) {
        headers.add(decodeHeader(value));
      }
    }
    Bytes body = getBytes(value, value.remaining());
    return new SequencedRecord(seqNum, timestamp, headers, body);
  }

  private static Header decodeHeader(ByteBuffer value) {
    Bytes name = getBytes(value, value.getInt());
    return new Header(name, getBytes(value, value.getInt()));
  }

  private static Bytes getBytes(ByteBuffer in, int length) {
    if (length == 0) {
      return Bytes.EMPTY;
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return BytesInternals.wrap(bytes);
  }

  static byte[] encodeState(StreamState state) {
    byte[] token = state.fencingToken().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.wrap(new byte[24 + token.length]);
    out.putLong(state.tail().seqNum());
    out.putLong(state.tail().timestamp());
    out.putLong(state.trimPoint());
    out.put(token);
    return out.array();
  }

  static StreamState decodeState(byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    long seqNum = in.getLong();
    long timestamp = in.getLong();
    long trimPoint = in.getLong();
    String token = new String(value, 24, value.length - 24, StandardCharsets.UTF_8);
    return new StreamState(StreamPosition.of(seqNum, timestamp), token, trimPoint);
  }
}

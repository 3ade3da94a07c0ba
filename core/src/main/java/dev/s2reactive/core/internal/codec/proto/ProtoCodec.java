package dev.s2reactive.core.internal.codec.proto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Protobuf wire encoding of the {@code s2.v1} messages (protocol §9.4), written by hand over
 * protobuf-java's coded streams: no generated classes. Stateless and thread-safe.
 *
 * <p>Encoding computes the exact size first and writes once, into a new array or a {@link ByteBuf}.
 * Proto3 defaults (zero numbers, empty bytes) are omitted, optional fields are written whenever
 * present, and message fields of {@code AppendAck} are always written. Decoding skips unknown
 * fields, merges repeated occurrences of a singular message field as protobuf does, treats a
 * missing {@code AppendAck} position as {@code {0,0}}, and turns malformed input into a
 * non-retryable {@link S2Exception} 400 {@code bad_proto}. Decoded byte fields are wrapped without
 * a second copy.
 */
public final class ProtoCodec {

  // Tags: field number << 3 | wire type (0 varint, 2 length-delimited).
  private static final int F1_VARINT = 8;
  private static final int F2_VARINT = 16;
  private static final int F1_BYTES = 10;
  private static final int F2_BYTES = 18;
  private static final int F3_BYTES = 26;
  private static final int F4_BYTES = 34;

  private ProtoCodec() {}

  // ---- sizes ----

  public static int encodedSize(StreamPosition position) {
    return uint64Size(position.seqNum()) + uint64Size(position.timestamp());
  }

  public static int encodedSize(Header header) {
    return bytesSize(header.name()) + bytesSize(header.value());
  }

  public static int encodedSize(AppendRecord record) {
    int size = 0;
    if (record.timestamp().isPresent()) {
      size += 1 + CodedOutputStream.computeUInt64SizeNoTag(record.timestamp().getAsLong());
    }
    size += headersSize(record.headers());
    return size + bytesSize(record.body());
  }

  public static int encodedSize(AppendInput input) {
    int size = 0;
    List<AppendRecord> records = input.records();
    for (int i = 0, n = records.size(); i < n; i++) {
      size += messageSize(encodedSize(records.get(i)));
    }
    if (input.matchSeqNum().isPresent()) {
      size += 1 + CodedOutputStream.computeUInt64SizeNoTag(input.matchSeqNum().getAsLong());
    }
    if (input.fencingToken().isPresent()) {
      size += 1 + CodedOutputStream.computeStringSizeNoTag(input.fencingToken().get());
    }
    return size;
  }

  public static int encodedSize(AppendAck ack) {
    return messageSize(encodedSize(ack.start()))
        + messageSize(encodedSize(ack.end()))
        + messageSize(encodedSize(ack.tail()));
  }

  public static int encodedSize(SequencedRecord record) {
    return uint64Size(record.seqNum())
        + uint64Size(record.timestamp())
        + headersSize(record.headers())
        + bytesSize(record.body());
  }

  public static int encodedSize(ReadBatch batch) {
    int size = 0;
    List<SequencedRecord> records = batch.records();
    for (int i = 0, n = records.size(); i < n; i++) {
      size += messageSize(encodedSize(records.get(i)));
    }
    if (batch.tail().isPresent()) {
      size += messageSize(encodedSize(batch.tail().get()));
    }
    return size;
  }

  // ---- encoding ----

  public static byte[] encode(StreamPosition value) {
    return toArray(value, encodedSize(value), ProtoCodec::write);
  }

  public static byte[] encode(Header value) {
    return toArray(value, encodedSize(value), ProtoCodec::write);
  }

  public static byte[] encode(AppendRecord value) {
    return toArray(value, encodedSize(value), ProtoCodec::write);
  }

  public static byte[] encode(AppendInput value) {
    return toArray(value, encodedSize(value), ProtoCodec::write);
  }

  public static byte[] encode(AppendAck value) {
    return toArray(value, encodedSize(value), ProtoCodec::write);
  }

  public static byte[] encode(SequencedRecord value) {
    return toArray(value, encodedSize(value), ProtoCodec::write);
  }

  public static byte[] encode(ReadBatch value) {
    return toArray(value, encodedSize(value), ProtoCodec::write);
  }

  /** Appends the encoding of {@code value} to {@code out}, growing it if needed. */
  public static void encode(AppendInput value, ByteBuf out) {
    toByteBuf(value, encodedSize(value), ProtoCodec::write, out);
  }

  /** Appends the encoding of {@code value} to {@code out}, growing it if needed. */
  public static void encode(AppendAck value, ByteBuf out) {
    toByteBuf(value, encodedSize(value), ProtoCodec::write, out);
  }

  /** Appends the encoding of {@code value} to {@code out}, growing it if needed. */
  public static void encode(ReadBatch value, ByteBuf out) {
    toByteBuf(value, encodedSize(value), ProtoCodec::write, out);
  }

  /** Writes {@code value} into {@code dest} from {@code offset}; returns the bytes written. */
  public static int encode(ReadBatch value, byte[] dest, int offset) {
    return toArray(value, encodedSize(value), ProtoCodec::write, dest, offset);
  }

  /** Writes {@code value} into {@code dest} from {@code offset}; returns the bytes written. */
  public static int encode(AppendInput value, byte[] dest, int offset) {
    return toArray(value, encodedSize(value), ProtoCodec::write, dest, offset);
  }

  /** Writes {@code value} into {@code dest} from {@code offset}; returns the bytes written. */
  public static int encode(AppendAck value, byte[] dest, int offset) {
    return toArray(value, encodedSize(value), ProtoCodec::write, dest, offset);
  }

  private static void write(StreamPosition position, CodedOutputStream out) throws IOException {
    if (position.seqNum() != 0) {
      out.writeUInt64(1, position.seqNum());
    }
    if (position.timestamp() != 0) {
      out.writeUInt64(2, position.timestamp());
    }
  }

  private static void write(Header header, CodedOutputStream out) throws IOException {
    writeBytes(1, header.name(), out);
    writeBytes(2, header.value(), out);
  }

  private static void write(AppendRecord record, CodedOutputStream out) throws IOException {
    if (record.timestamp().isPresent()) {
      out.writeUInt64(1, record.timestamp().getAsLong());
    }
    writeHeaders(2, record.headers(), out);
    writeBytes(3, record.body(), out);
  }

  private static void write(AppendInput input, CodedOutputStream out) throws IOException {
    List<AppendRecord> records = input.records();
    for (int i = 0, n = records.size(); i < n; i++) {
      AppendRecord record = records.get(i);
      out.writeUInt32NoTag(F1_BYTES);
      out.writeUInt32NoTag(encodedSize(record));
      write(record, out);
    }
    if (input.matchSeqNum().isPresent()) {
      out.writeUInt64(2, input.matchSeqNum().getAsLong());
    }
    if (input.fencingToken().isPresent()) {
      out.writeString(3, input.fencingToken().get());
    }
  }

  private static void write(AppendAck ack, CodedOutputStream out) throws IOException {
    writePosition(1, ack.start(), out);
    writePosition(2, ack.end(), out);
    writePosition(3, ack.tail(), out);
  }

  private static void write(SequencedRecord record, CodedOutputStream out) throws IOException {
    if (record.seqNum() != 0) {
      out.writeUInt64(1, record.seqNum());
    }
    if (record.timestamp() != 0) {
      out.writeUInt64(2, record.timestamp());
    }
    writeHeaders(3, record.headers(), out);
    writeBytes(4, record.body(), out);
  }

  private static void write(ReadBatch batch, CodedOutputStream out) throws IOException {
    List<SequencedRecord> records = batch.records();
    for (int i = 0, n = records.size(); i < n; i++) {
      SequencedRecord record = records.get(i);
      out.writeUInt32NoTag(F1_BYTES);
      out.writeUInt32NoTag(encodedSize(record));
      write(record, out);
    }
    if (batch.tail().isPresent()) {
      writePosition(2, batch.tail().get(), out);
    }
  }

  private static void writePosition(int field, StreamPosition position, CodedOutputStream out)
      throws IOException {
    out.writeTag(field, 2);
    out.writeUInt32NoTag(encodedSize(position));
    write(position, out);
  }

  private static void writeHeaders(int field, List<Header> headers, CodedOutputStream out)
      throws IOException {
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header header = headers.get(i);
      out.writeTag(field, 2);
      out.writeUInt32NoTag(encodedSize(header));
      write(header, out);
    }
  }

  private static void writeBytes(int field, Bytes bytes, CodedOutputStream out) throws IOException {
    if (!bytes.isEmpty()) {
      out.writeByteArray(field, BytesInternals.array(bytes));
    }
  }

  // ---- decoding ----

  public static StreamPosition decodeStreamPosition(byte[] bytes) {
    return decode(bytes, 0, bytes.length, in -> readPosition(in, StreamPosition.ZERO));
  }

  public static Header decodeHeader(byte[] bytes) {
    return decode(bytes, 0, bytes.length, ProtoCodec::readHeader);
  }

  public static AppendRecord decodeAppendRecord(byte[] bytes) {
    return decode(bytes, 0, bytes.length, ProtoCodec::readAppendRecord);
  }

  public static AppendInput decodeAppendInput(byte[] bytes) {
    return decodeAppendInput(bytes, 0, bytes.length);
  }

  public static AppendInput decodeAppendInput(byte[] bytes, int offset, int length) {
    return decode(bytes, offset, length, ProtoCodec::readAppendInput);
  }

  /** Decodes the readable bytes of {@code buf} and consumes them (the buffer is not released). */
  public static AppendInput decodeAppendInput(ByteBuf buf) {
    return decode(buf, ProtoCodec::readAppendInput);
  }

  public static AppendAck decodeAppendAck(byte[] bytes) {
    return decodeAppendAck(bytes, 0, bytes.length);
  }

  public static AppendAck decodeAppendAck(byte[] bytes, int offset, int length) {
    return decode(bytes, offset, length, ProtoCodec::readAppendAck);
  }

  /** Decodes the readable bytes of {@code buf} and consumes them (the buffer is not released). */
  public static AppendAck decodeAppendAck(ByteBuf buf) {
    return decode(buf, ProtoCodec::readAppendAck);
  }

  public static SequencedRecord decodeSequencedRecord(byte[] bytes) {
    return decode(bytes, 0, bytes.length, ProtoCodec::readSequencedRecord);
  }

  public static ReadBatch decodeReadBatch(byte[] bytes) {
    return decodeReadBatch(bytes, 0, bytes.length);
  }

  public static ReadBatch decodeReadBatch(byte[] bytes, int offset, int length) {
    return decode(bytes, offset, length, ProtoCodec::readReadBatch);
  }

  /** Decodes the readable bytes of {@code buf} and consumes them (the buffer is not released). */
  public static ReadBatch decodeReadBatch(ByteBuf buf) {
    return decode(buf, ProtoCodec::readReadBatch);
  }

  private static StreamPosition readPosition(CodedInputStream in, StreamPosition base)
      throws IOException {
    long seqNum = base.seqNum();
    long timestamp = base.timestamp();
    while (true) {
      int tag = in.readTag();
      switch (tag) {
        case 0:
          return StreamPosition.of(seqNum, timestamp);
        case F1_VARINT:
          seqNum = in.readUInt64();
          break;
        case F2_VARINT:
          timestamp = in.readUInt64();
          break;
        default:
          skip(in, tag);
      }
    }
  }

  private static Header readHeader(CodedInputStream in) throws IOException {
    Bytes name = Bytes.EMPTY;
    Bytes value = Bytes.EMPTY;
    while (true) {
      int tag = in.readTag();
      switch (tag) {
        case 0:
          return new Header(name, value);
        case F1_BYTES:
          name = readBytes(in);
          break;
        case F2_BYTES:
          value = readBytes(in);
          break;
        default:
          skip(in, tag);
      }
    }
  }

  private static AppendRecord readAppendRecord(CodedInputStream in) throws IOException {
    OptionalLong timestamp = OptionalLong.empty();
    List<Header> headers = new ArrayList<>();
    Bytes body = Bytes.EMPTY;
    while (true) {
      int tag = in.readTag();
      switch (tag) {
        case 0:
          return new AppendRecord(timestamp, headers, body);
        case F1_VARINT:
          timestamp = OptionalLong.of(in.readUInt64());
          break;
        case F2_BYTES:
          headers.add(readNested(in, ProtoCodec::readHeader));
          break;
        case F3_BYTES:
          body = readBytes(in);
          break;
        default:
          skip(in, tag);
      }
    }
  }

  private static AppendInput readAppendInput(CodedInputStream in) throws IOException {
    List<AppendRecord> records = new ArrayList<>();
    OptionalLong matchSeqNum = OptionalLong.empty();
    Optional<String> fencingToken = Optional.empty();
    while (true) {
      int tag = in.readTag();
      switch (tag) {
        case 0:
          return new AppendInput(records, matchSeqNum, fencingToken);
        case F1_BYTES:
          records.add(readNested(in, ProtoCodec::readAppendRecord));
          break;
        case F2_VARINT:
          matchSeqNum = OptionalLong.of(in.readUInt64());
          break;
        case F3_BYTES:
          fencingToken = Optional.of(in.readStringRequireUtf8());
          break;
        default:
          skip(in, tag);
      }
    }
  }

  private static AppendAck readAppendAck(CodedInputStream in) throws IOException {
    StreamPosition start = StreamPosition.ZERO;
    StreamPosition end = StreamPosition.ZERO;
    StreamPosition tail = StreamPosition.ZERO;
    while (true) {
      int tag = in.readTag();
      switch (tag) {
        case 0:
          return new AppendAck(start, end, tail);
        case F1_BYTES:
          StreamPosition s = start;
          start = readNested(in, nested -> readPosition(nested, s));
          break;
        case F2_BYTES:
          StreamPosition e = end;
          end = readNested(in, nested -> readPosition(nested, e));
          break;
        case F3_BYTES:
          StreamPosition t = tail;
          tail = readNested(in, nested -> readPosition(nested, t));
          break;
        default:
          skip(in, tag);
      }
    }
  }

  private static SequencedRecord readSequencedRecord(CodedInputStream in) throws IOException {
    long seqNum = 0;
    long timestamp = 0;
    // Most records have at most one header: keep it in a local, and build a list (which the
    // record copies) only for a second one.
    Header firstHeader = null;
    List<Header> headers = null;
    Bytes body = Bytes.EMPTY;
    while (true) {
      int tag = in.readTag();
      switch (tag) {
        case 0:
          if (headers == null) {
            headers = firstHeader == null ? List.of() : List.of(firstHeader);
          }
          return new SequencedRecord(seqNum, timestamp, headers, body);
        case F1_VARINT:
          seqNum = in.readUInt64();
          break;
        case F2_VARINT:
          timestamp = in.readUInt64();
          break;
        case F3_BYTES:
          Header header = readNested(in, ProtoCodec::readHeader);
          if (firstHeader == null) {
            firstHeader = header;
          } else {
            if (headers == null) {
              headers = new ArrayList<>();
              headers.add(firstHeader);
            }
            headers.add(header);
          }
          break;
        case F4_BYTES:
          body = readBytes(in);
          break;
        default:
          skip(in, tag);
      }
    }
  }

  private static ReadBatch readReadBatch(CodedInputStream in) throws IOException {
    List<SequencedRecord> records = new ArrayList<>();
    StreamPosition tail = null;
    while (true) {
      int tag = in.readTag();
      switch (tag) {
        case 0:
          return new ReadBatch(records, Optional.ofNullable(tail));
        case F1_BYTES:
          records.add(readNested(in, ProtoCodec::readSequencedRecord));
          break;
        case F2_BYTES:
          StreamPosition base = tail == null ? StreamPosition.ZERO : tail;
          tail = readNested(in, nested -> readPosition(nested, base));
          break;
        default:
          skip(in, tag);
      }
    }
  }

  // ---- helpers ----

  @FunctionalInterface
  private interface Reader<T> {
    T read(CodedInputStream in) throws IOException;
  }

  @FunctionalInterface
  private interface Writer<T> {
    void write(T value, CodedOutputStream out) throws IOException;
  }

  private static <T> T readNested(CodedInputStream in, Reader<T> reader) throws IOException {
    int length = in.readRawVarint32();
    int oldLimit = in.pushLimit(length);
    T value = reader.read(in);
    in.popLimit(oldLimit);
    return value;
  }

  private static Bytes readBytes(CodedInputStream in) throws IOException {
    byte[] bytes = in.readByteArray(); // a fresh array: safe to wrap without copying again
    return BytesInternals.wrap(bytes);
  }

  private static void skip(CodedInputStream in, int tag) throws IOException {
    if (!in.skipField(tag)) {
      // An end-group tag without a matching start group.
      throw new InvalidProtocolBufferException("end-group tag without a start-group tag");
    }
  }

  private static <T> T decode(byte[] bytes, int offset, int length, Reader<T> reader) {
    return decode(CodedInputStream.newInstance(bytes, offset, length), reader);
  }

  private static <T> T decode(ByteBuf buf, Reader<T> reader) {
    int length = buf.readableBytes();
    T value;
    if (buf.hasArray()) {
      value = decode(buf.array(), buf.arrayOffset() + buf.readerIndex(), length, reader);
    } else if (buf.nioBufferCount() == 1) {
      ByteBuffer nio = buf.nioBuffer(buf.readerIndex(), length);
      value = decode(CodedInputStream.newInstance(nio), reader);
    } else {
      // Several buffers (the DATA frames a message arrived in): protobuf reads one array fastest
      // (its reader over several buffers goes through an InputStream), so copy them into a
      // reused array, which the decoded values never reference (their byte fields are copies).
      byte[] copy = ScratchArrays.take(length);
      try {
        buf.getBytes(buf.readerIndex(), copy, 0, length);
        value = decode(copy, 0, length, reader);
      } finally {
        ScratchArrays.give(copy);
      }
    }
    buf.skipBytes(length);
    return value;
  }

  private static <T> T decode(CodedInputStream in, Reader<T> reader) {
    try {
      return reader.read(in);
    } catch (InvalidProtocolBufferException e) {
      throw S2Exception.of(ErrorCode.BAD_PROTO, "invalid protobuf message: " + e.getMessage());
    } catch (IOException e) {
      throw S2Exception.of(ErrorCode.BAD_PROTO, "invalid protobuf message: " + e);
    }
  }

  private static <T> byte[] toArray(T value, int size, Writer<T> writer) {
    byte[] bytes = new byte[size];
    writeExactly(value, writer, CodedOutputStream.newInstance(bytes));
    return bytes;
  }

  private static <T> int toArray(T value, int size, Writer<T> writer, byte[] dest, int offset) {
    writeExactly(value, writer, CodedOutputStream.newInstance(dest, offset, size));
    return size;
  }

  private static <T> void toByteBuf(T value, int size, Writer<T> writer, ByteBuf out) {
    out.ensureWritable(size);
    int writerIndex = out.writerIndex();
    if (out.hasArray()) {
      writeExactly(
          value,
          writer,
          CodedOutputStream.newInstance(out.array(), out.arrayOffset() + writerIndex, size));
    } else if (out.nioBufferCount() == 1) {
      writeExactly(value, writer, CodedOutputStream.newInstance(out.nioBuffer(writerIndex, size)));
    } else {
      // A composite buffer's nioBuffer may be a copy: write an array and append it.
      out.writeBytes(toArray(value, size, writer));
      return;
    }
    out.writerIndex(writerIndex + size);
  }

  private static <T> void writeExactly(T value, Writer<T> writer, CodedOutputStream out) {
    try {
      writer.write(value, out);
      out.flush();
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("protobuf size computation is wrong", e);
    }
  }

  private static int uint64Size(long value) {
    return value == 0 ? 0 : 1 + CodedOutputStream.computeUInt64SizeNoTag(value);
  }

  private static int bytesSize(Bytes bytes) {
    int n = bytes.size();
    return n == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(n) + n;
  }

  private static int headersSize(List<Header> headers) {
    int size = 0;
    for (int i = 0, n = headers.size(); i < n; i++) {
      size += messageSize(encodedSize(headers.get(i)));
    }
    return size;
  }

  /** A length-delimited field with a one-byte tag (all our field numbers are below 16). */
  private static int messageSize(int bodySize) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(bodySize) + bodySize;
  }
}

package dev.s2reactive.core.internal.codec.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtoCodecTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void appendRecordMatchesHandBuiltBytes() {
    AppendRecord record =
        new AppendRecord(OptionalLong.of(0), List.of(Header.of("k", "v")), Bytes.utf8("hi"));
    // timestamp=0 (present) | headers{name "k", value "v"} | body "hi"
    byte[] expected = HEX.parseHex("0800" + "1206" + "0a016b" + "120176" + "1a026869");
    assertThat(ProtoCodec.encode(record)).isEqualTo(expected);
    assertThat(ProtoCodec.decodeAppendRecord(expected)).isEqualTo(record);
  }

  @Test
  void readBatchMatchesHandBuiltBytes() {
    ReadBatch batch =
        ReadBatch.of(
            List.of(new SequencedRecord(5, 300, List.of(), Bytes.utf8("a"))),
            StreamPosition.of(6, 300));
    // record{seq 5, ts 300 (varint ac 02), body "a"} | tail{seq 6, ts 300}
    byte[] expected = HEX.parseHex("0a08" + "0805" + "10ac02" + "220161" + "1205" + "0806" + "10ac02");
    assertThat(ProtoCodec.encode(batch)).isEqualTo(expected);
    assertThat(ProtoCodec.decodeReadBatch(expected)).isEqualTo(batch);
  }

  @Test
  void appendInputWithConditionsMatchesHandBuiltBytes() {
    AppendInput input = AppendInput.of(AppendRecord.fence("t")).withMatchSeqNum(0).withFencingToken("");
    // record{headers{value "fence"}, body "t"} | match_seq_num=0 | fencing_token=""
    byte[] expected =
        HEX.parseHex("0a0c" + "1207" + "1205" + "66656e6365" + "1a0174" + "1000" + "1a00");
    assertThat(ProtoCodec.encode(input)).isEqualTo(expected);
    assertThat(ProtoCodec.decodeAppendInput(expected)).isEqualTo(input);
  }

  @Test
  void appendAckAlwaysWritesItsPositions() {
    AppendAck ack = new AppendAck(StreamPosition.ZERO, StreamPosition.of(1, 2), StreamPosition.of(1, 2));
    assertThat(HEX.formatHex(ProtoCodec.encode(ack))).isEqualTo("0a00" + "120408011002" + "1a0408011002");
    assertThat(ProtoCodec.decodeAppendAck(ProtoCodec.encode(ack))).isEqualTo(ack);
  }

  @Test
  void emptyMessagesEncodeToNothing() {
    assertThat(ProtoCodec.encode(ReadBatch.EMPTY)).isEmpty();
    assertThat(ProtoCodec.encode(StreamPosition.ZERO)).isEmpty();
    assertThat(ProtoCodec.encode(new Header(Bytes.EMPTY, Bytes.EMPTY))).isEmpty();
    assertThat(ProtoCodec.decodeReadBatch(new byte[0])).isEqualTo(ReadBatch.EMPTY);
    assertThat(ProtoCodec.decodeAppendAck(new byte[0]))
        .isEqualTo(new AppendAck(StreamPosition.ZERO, StreamPosition.ZERO, StreamPosition.ZERO));
  }

  @Test
  void presenceOfOptionalFieldsRoundTrips() {
    AppendRecord noTimestamp = AppendRecord.of("x");
    AppendRecord zeroTimestamp = AppendRecord.of("x").withTimestamp(0);
    assertThat(ProtoCodec.decodeAppendRecord(ProtoCodec.encode(noTimestamp)).timestamp()).isEmpty();
    assertThat(ProtoCodec.decodeAppendRecord(ProtoCodec.encode(zeroTimestamp)).timestamp())
        .hasValue(0);

    AppendInput plain = AppendInput.of(noTimestamp);
    AppendInput conditioned = plain.withMatchSeqNum(0).withFencingToken("");
    AppendInput decodedPlain = ProtoCodec.decodeAppendInput(ProtoCodec.encode(plain));
    assertThat(decodedPlain.matchSeqNum()).isEmpty();
    assertThat(decodedPlain.fencingToken()).isEmpty();
    AppendInput decodedConditioned = ProtoCodec.decodeAppendInput(ProtoCodec.encode(conditioned));
    assertThat(decodedConditioned.matchSeqNum()).hasValue(0);
    assertThat(decodedConditioned.fencingToken()).contains("");

    ReadBatch noTail = ReadBatch.of(List.of());
    ReadBatch zeroTail = ReadBatch.heartbeat(StreamPosition.ZERO);
    assertThat(ProtoCodec.decodeReadBatch(ProtoCodec.encode(noTail)).tail()).isEmpty();
    assertThat(ProtoCodec.decodeReadBatch(ProtoCodec.encode(zeroTail)).tail())
        .contains(StreamPosition.ZERO);
  }

  @Test
  void randomMessagesRoundTrip() {
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      StreamPosition position = randomPosition(random);
      assertThat(ProtoCodec.decodeStreamPosition(ProtoCodec.encode(position))).isEqualTo(position);
      Header header = randomHeader(random);
      assertThat(ProtoCodec.decodeHeader(ProtoCodec.encode(header))).isEqualTo(header);
      AppendRecord appendRecord = randomAppendRecord(random);
      assertThat(ProtoCodec.decodeAppendRecord(ProtoCodec.encode(appendRecord)))
          .isEqualTo(appendRecord);
      AppendInput input = randomAppendInput(random);
      byte[] inputBytes = ProtoCodec.encode(input);
      assertThat(inputBytes).hasSize(ProtoCodec.encodedSize(input));
      assertThat(ProtoCodec.decodeAppendInput(inputBytes)).isEqualTo(input);
      AppendAck ack = new AppendAck(randomPosition(random), randomPosition(random), randomPosition(random));
      assertThat(ProtoCodec.decodeAppendAck(ProtoCodec.encode(ack))).isEqualTo(ack);
      SequencedRecord record = randomSequencedRecord(random);
      assertThat(ProtoCodec.decodeSequencedRecord(ProtoCodec.encode(record))).isEqualTo(record);
      ReadBatch batch = randomReadBatch(random);
      assertThat(ProtoCodec.decodeReadBatch(ProtoCodec.encode(batch))).isEqualTo(batch);
    }
  }

  @Test
  void encodesIntoHeapDirectAndCompositeByteBufs() {
    Random random = new Random(3);
    ReadBatch batch = randomReadBatch(random);
    byte[] expected = ProtoCodec.encode(batch);
    CompositeByteBuf composite = Unpooled.compositeBuffer();
    composite.addComponent(true, Unpooled.buffer(3).writeBytes(new byte[] {1, 2, 3}));
    for (ByteBuf out : List.of(Unpooled.buffer(1), Unpooled.directBuffer(1), composite)) {
      int before = out.readableBytes();
      out.skipBytes(before);
      ProtoCodec.encode(batch, out);
      byte[] written = new byte[out.readableBytes()];
      out.getBytes(out.readerIndex(), written);
      assertThat(written).isEqualTo(expected);
      assertThat(ProtoCodec.decodeReadBatch(out)).isEqualTo(batch);
      assertThat(out.isReadable()).isFalse();
      out.release();
    }
  }

  @Test
  void decodesFromDirectByteBufAndArraySlices() {
    AppendInput input = randomAppendInput(new Random(9));
    byte[] bytes = ProtoCodec.encode(input);
    ByteBuf direct = Unpooled.directBuffer().writeBytes(bytes);
    assertThat(ProtoCodec.decodeAppendInput(direct)).isEqualTo(input);
    direct.release();

    byte[] padded = new byte[bytes.length + 10];
    System.arraycopy(bytes, 0, padded, 5, bytes.length);
    assertThat(ProtoCodec.decodeAppendInput(padded, 5, bytes.length)).isEqualTo(input);

    AppendAck ack = new AppendAck(StreamPosition.of(1, 2), StreamPosition.of(3, 4), StreamPosition.of(5, 6));
    byte[] dest = new byte[ProtoCodec.encodedSize(ack) + 4];
    assertThat(ProtoCodec.encode(ack, dest, 4)).isEqualTo(ProtoCodec.encodedSize(ack));
    assertThat(ProtoCodec.decodeAppendAck(dest, 4, dest.length - 4)).isEqualTo(ack);
  }

  @Test
  void encodingAtAnOffsetWritesTheSameBytesAndNothingElse() {
    AppendInput input = randomAppendInput(new Random(10));
    AppendAck ack = new AppendAck(StreamPosition.of(1, 2), StreamPosition.of(3, 4), StreamPosition.of(5, 6));
    ReadBatch batch = ReadBatch.of(
        List.of(new SequencedRecord(7, 8, List.of(), Bytes.utf8("x"))), StreamPosition.of(9, 10));
    byte[][] expected = {ProtoCodec.encode(input), ProtoCodec.encode(ack), ProtoCodec.encode(batch)};
    for (int i = 0; i < expected.length; i++) {
      byte[] dest = new byte[expected[i].length + 6];
      Arrays.fill(dest, (byte) 0x7f);
      int written = switch (i) {
        case 0 -> ProtoCodec.encode(input, dest, 4);
        case 1 -> ProtoCodec.encode(ack, dest, 4);
        default -> ProtoCodec.encode(batch, dest, 4);
      };
      assertThat(written).isEqualTo(expected[i].length);
      assertThat(Arrays.copyOfRange(dest, 4, 4 + written)).isEqualTo(expected[i]);
      assertThat(Arrays.copyOfRange(dest, 0, 4)).containsOnly((byte) 0x7f);
      assertThat(Arrays.copyOfRange(dest, 4 + written, dest.length)).containsOnly((byte) 0x7f);
    }
  }

  @Test
  void unknownFieldsOfEveryWireTypeAreSkipped() throws IOException {
    byte[] unknown = unknownFields();
    SequencedRecord record =
        new SequencedRecord(7, 8, List.of(Header.of("a", "b")), Bytes.utf8("body"));
    // Unknown fields before, between and after known ones, including inside nested messages.
    ByteArrayOutputStream recordBytes = new ByteArrayOutputStream();
    recordBytes.writeBytes(unknown);
    recordBytes.writeBytes(HEX.parseHex("0807"));
    recordBytes.writeBytes(unknown);
    recordBytes.writeBytes(HEX.parseHex("1008"));
    byte[] header = concat(concat(HEX.parseHex("0a0161"), unknown), HEX.parseHex("120162"));
    recordBytes.writeBytes(lengthDelimited(3, header));
    recordBytes.writeBytes(lengthDelimited(4, "body".getBytes()));
    recordBytes.writeBytes(unknown);
    byte[] tail = concat(unknown, HEX.parseHex("0809"));
    byte[] batchBytes =
        concat(concat(unknown, lengthDelimited(1, recordBytes.toByteArray())), lengthDelimited(2, tail));

    assertThat(ProtoCodec.decodeReadBatch(batchBytes))
        .isEqualTo(ReadBatch.of(List.of(record), StreamPosition.of(9, 0)));
  }

  @Test
  void knownFieldNumberWithAnotherWireTypeIsSkipped() {
    // body (field 3) sent as a varint, then the real body.
    byte[] bytes = HEX.parseHex("1805" + "1a0178");
    assertThat(ProtoCodec.decodeAppendRecord(bytes)).isEqualTo(AppendRecord.of("x"));
  }

  @Test
  void repeatedSingularMessageFieldsMerge() {
    // tail{seq 1} followed by tail{ts 2} merges to {1, 2}; a later seq_num wins.
    byte[] bytes = HEX.parseHex("12020801" + "12021002" + "12020803");
    assertThat(ProtoCodec.decodeReadBatch(bytes).tail()).contains(StreamPosition.of(3, 2));
  }

  @Test
  void lastScalarValueWins() {
    assertThat(ProtoCodec.decodeStreamPosition(HEX.parseHex("08010802"))).isEqualTo(StreamPosition.of(2, 0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "08", // truncated varint tag value
        "08ff", // truncated varint
        "0aff01", // length beyond the input
        "0a05", // nested message longer than the input
        "0a020802ff", // trailing truncated tag
        "00", // field number 0
        "0f", // wire type 7
        "0e", // wire type 6
        "0c", // end group without start group
        "0b", // start group never ended
        "0a0412050a01", // header longer than its enclosing record
        "0affffffffffffffffff01", // malformed length varint
        "1a02c328", // fencing token that is not UTF-8
      })
  void malformedInputIsBadProto(String hex) {
    byte[] bytes = HEX.parseHex(hex);
    assertBadProto(ProtoCodec::decodeAppendInput, bytes);
  }

  @Test
  void malformedReadBatchAndAckAreBadProto() {
    assertBadProto(ProtoCodec::decodeReadBatch, HEX.parseHex("0a03080110"));
    assertBadProto(ProtoCodec::decodeAppendAck, HEX.parseHex("0a0208"));
    assertBadProto(ProtoCodec::decodeSequencedRecord, HEX.parseHex("2205616263"));
  }

  @Test
  void everyTruncationOfARichMessageDecodesOrFailsWithBadProto() {
    byte[] bytes = ProtoCodec.encode(randomReadBatch(new Random(5)));
    for (int length = 0; length < bytes.length; length++) {
      try {
        ProtoCodec.decodeReadBatch(bytes, 0, length);
      } catch (S2Exception e) {
        assertThat(e.code()).isEqualTo("bad_proto");
      }
    }
    assertThat(ProtoCodec.decodeReadBatch(bytes)).isNotNull();
  }

  private static <T> void assertBadProto(Function<byte[], T> decoder, byte[] bytes) {
    assertThatThrownBy(() -> decoder.apply(bytes))
        .isInstanceOfSatisfying(
            S2Exception.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.errorCode()).contains(ErrorCode.BAD_PROTO);
            });
  }

  private static byte[] unknownFields() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeUInt64(99, -1L); // varint
    out.writeFixed64(15, 123); // 64-bit
    out.writeByteArray(20, new byte[] {1, 2, 3}); // length-delimited
    out.writeFixed32(21, 7); // 32-bit
    out.writeTag(22, 3); // group with a field inside
    out.writeUInt64(1, 5);
    out.writeTag(22, 4);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] lengthDelimited(int field, byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeByteArray(field, body);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static long randomU64(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> -1L;
      case 2 -> random.nextInt(1000);
      default -> random.nextLong();
    };
  }

  private static StreamPosition randomPosition(Random random) {
    return StreamPosition.of(randomU64(random), randomU64(random));
  }

  private static Bytes randomBytes(Random random, int maxLength) {
    byte[] bytes = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return Bytes.copyOf(bytes);
  }

  private static Header randomHeader(Random random) {
    return new Header(randomBytes(random, 10), randomBytes(random, 200));
  }

  private static List<Header> randomHeaders(Random random) {
    List<Header> headers = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      headers.add(randomHeader(random));
    }
    return headers;
  }

  private static AppendRecord randomAppendRecord(Random random) {
    OptionalLong timestamp =
        random.nextBoolean() ? OptionalLong.of(randomU64(random)) : OptionalLong.empty();
    return new AppendRecord(timestamp, randomHeaders(random), randomBytes(random, 300));
  }

  private static AppendInput randomAppendInput(Random random) {
    List<AppendRecord> records = new ArrayList<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      records.add(randomAppendRecord(random));
    }
    OptionalLong match = random.nextBoolean() ? OptionalLong.of(randomU64(random)) : OptionalLong.empty();
    Optional<String> token =
        random.nextBoolean() ? Optional.of(random.nextBoolean() ? "" : "tök€n-" + random.nextInt()) : Optional.empty();
    return new AppendInput(records, match, token);
  }

  private static SequencedRecord randomSequencedRecord(Random random) {
    return new SequencedRecord(
        randomU64(random), randomU64(random), randomHeaders(random), randomBytes(random, 300));
  }

  private static ReadBatch randomReadBatch(Random random) {
    List<SequencedRecord> records = new ArrayList<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      records.add(randomSequencedRecord(random));
    }
    return new ReadBatch(
        records, random.nextBoolean() ? Optional.of(randomPosition(random)) : Optional.empty());
  }
}

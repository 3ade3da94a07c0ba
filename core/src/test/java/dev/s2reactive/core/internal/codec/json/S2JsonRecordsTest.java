package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.assertBadJson;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.assertInvalid;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.str;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.core.model.TailResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S2JsonRecordsTest {

  private static final RecordFormat RAW = RecordFormat.RAW;
  private static final RecordFormat B64 = RecordFormat.BASE64;

  private static AppendInput appendOf(String recordJson, RecordFormat format) {
    return S2Json.decodeAppendInput(utf8("{\"records\":[" + recordJson + "]}"), format);
  }

  // ---- golden examples from the protocol ----

  @Test
  void fenceCommandRawAndBase64DecodeToTheSameRecord() {
    AppendRecord raw = appendOf("{\"headers\":[[\"\",\"fence\"]],\"body\":\"my-token\"}", RAW)
        .records().get(0);
    AppendRecord b64 =
        appendOf("{\"headers\":[[\"\",\"ZmVuY2U=\"]],\"body\":\"bXktdG9rZW4=\"}", B64)
            .records().get(0);
    assertThat(raw).isEqualTo(AppendRecord.fence("my-token")).isEqualTo(b64);
    assertThat(raw.isCommand()).isTrue();
    assertThat(raw.meteredBytes()).isEqualTo(15 + "my-token".length());
  }

  @Test
  void trimCommandBase64Golden() {
    AppendRecord trim =
        appendOf("{\"headers\":[[\"\",\"dHJpbQ==\"]],\"body\":\"AAAAAAAAACo=\"}", B64)
            .records().get(0);
    assertThat(trim).isEqualTo(AppendRecord.trim(42));
    assertThat(trim.meteredBytes()).isEqualTo(22);
    assertThat(str(S2Json.encodeAppendInput(AppendInput.of(trim), B64)))
        .isEqualTo("{\"records\":[{\"headers\":[[\"\",\"dHJpbQ==\"]],\"body\":\"AAAAAAAAACo=\"}]}");
  }

  @Test
  void trimCommandRawSurvivesWhenBytesAreAscii() {
    AppendRecord trim =
        appendOf(
                "{\"headers\":[[\"\",\"trim\"]],"
                    + "\"body\":\"\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000*\"}",
                RAW)
            .records().get(0);
    assertThat(trim).isEqualTo(AppendRecord.trim(42));
  }

  @Test
  void commandEncodingGolden() {
    assertThat(str(S2Json.encodeAppendInput(AppendInput.of(AppendRecord.fence("my-token")), RAW)))
        .isEqualTo("{\"records\":[{\"headers\":[[\"\",\"fence\"]],\"body\":\"my-token\"}]}");
    assertThat(str(S2Json.encodeAppendInput(AppendInput.of(AppendRecord.fence("my-token")), B64)))
        .isEqualTo(
            "{\"records\":[{\"headers\":[[\"\",\"ZmVuY2U=\"]],\"body\":\"bXktdG9rZW4=\"}]}");
  }

  @Test
  void meteredSizeExampleIs17() {
    AppendRecord r = appendOf("{\"headers\":[[\"k\",\"v\"]],\"body\":\"hello\"}", RAW)
        .records().get(0);
    assertThat(r.meteredBytes()).isEqualTo(17);
    AppendRecord b = appendOf("{\"headers\":[[\"aw==\",\"dg==\"]],\"body\":\"aGVsbG8=\"}", B64)
        .records().get(0);
    assertThat(b).isEqualTo(r);
  }

  private static final String SSE_BATCH_RAW =
      "{\"records\":[{\"seq_num\":5,\"timestamp\":1724000000000,\"body\":\"a\"},"
          + "{\"seq_num\":6,\"timestamp\":1724000000000,\"body\":\"b\"},"
          + "{\"seq_num\":7,\"timestamp\":1724000000001,\"body\":\"c\"}],"
          + "\"tail\":{\"seq_num\":8,\"timestamp\":1724000000001}}";

  private static ReadBatch sseBatch() {
    return ReadBatch.of(
        List.of(
            seq(5, 1724000000000L, List.of(), "a"),
            seq(6, 1724000000000L, List.of(), "b"),
            seq(7, 1724000000001L, List.of(), "c")),
        StreamPosition.of(8, 1724000000001L));
  }

  @Test
  void readBatchGoldenRaw() {
    assertThat(str(S2Json.encodeReadBatch(sseBatch(), RAW))).isEqualTo(SSE_BATCH_RAW);
    assertThat(S2Json.decodeReadBatch(utf8(SSE_BATCH_RAW), RAW)).isEqualTo(sseBatch());
  }

  @Test
  void readBatchGoldenBase64() {
    String b64 = SSE_BATCH_RAW.replace("\"a\"", "\"YQ==\"").replace("\"b\"", "\"Yg==\"")
        .replace("\"c\"", "\"Yw==\"");
    assertThat(str(S2Json.encodeReadBatch(sseBatch(), B64))).isEqualTo(b64);
    assertThat(S2Json.decodeReadBatch(utf8(b64), B64)).isEqualTo(sseBatch());
  }

  @Test
  void emptyReadBatchOmitsTail() {
    assertThat(str(S2Json.encodeReadBatch(ReadBatch.EMPTY, RAW))).isEqualTo("{\"records\":[]}");
    assertThat(S2Json.decodeReadBatch(utf8("{\"records\":[]}"), RAW)).isEqualTo(ReadBatch.EMPTY);
    assertThat(S2Json.decodeReadBatch(utf8("{\"records\":[],\"tail\":null}"), RAW))
        .isEqualTo(ReadBatch.EMPTY);
    assertThat(str(S2Json.encodeReadBatch(ReadBatch.heartbeat(StreamPosition.of(3, 4)), B64)))
        .isEqualTo("{\"records\":[],\"tail\":{\"seq_num\":3,\"timestamp\":4}}");
  }

  @Test
  void sequencedRecordOmitsEmptyHeadersAndBodyButKeepsEmptyStringsInsideHeaders() {
    ReadBatch batch =
        ReadBatch.of(
            List.of(
                seq(0, 1, List.of(), ""),
                seq(1, 2, List.of(new Header(Bytes.EMPTY, Bytes.utf8("fence"))), ""),
                seq(2, 3, List.of(Header.of("k", "")), "x")));
    assertThat(str(S2Json.encodeReadBatch(batch, RAW)))
        .isEqualTo(
            "{\"records\":[{\"seq_num\":0,\"timestamp\":1},"
                + "{\"seq_num\":1,\"timestamp\":2,\"headers\":[[\"\",\"fence\"]]},"
                + "{\"seq_num\":2,\"timestamp\":3,\"headers\":[[\"k\",\"\"]],\"body\":\"x\"}]}");
    assertThat(str(S2Json.encodeReadBatch(batch, B64)))
        .isEqualTo(
            "{\"records\":[{\"seq_num\":0,\"timestamp\":1},"
                + "{\"seq_num\":1,\"timestamp\":2,\"headers\":[[\"\",\"ZmVuY2U=\"]]},"
                + "{\"seq_num\":2,\"timestamp\":3,\"headers\":[[\"aw==\",\"\"]],\"body\":\"eA==\"}]}");
    assertThat(S2Json.decodeReadBatch(S2Json.encodeReadBatch(batch, B64), B64)).isEqualTo(batch);
  }

  @Test
  void writeReadBatchToStreamMatchesEncode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    S2Json.writeReadBatch(sseBatch(), RAW, out);
    assertThat(str(out.toByteArray())).isEqualTo(SSE_BATCH_RAW);
  }

  // ---- raw format text handling ----

  @Test
  void rawOutputIsLossyUtf8AndEscapesControlCharacters() {
    byte[] invalid = {'a', (byte) 0xFF, 'b', (byte) 0xC3};
    ReadBatch batch =
        ReadBatch.of(
            List.of(
                new SequencedRecord(0, 0, List.of(), Bytes.copyOf(invalid)),
                seq(1, 0, List.of(), "q\"\\\n\u0001é€😀")));
    String json = str(S2Json.encodeReadBatch(batch, RAW));
    assertThat(json)
        .isEqualTo(
            "{\"records\":[{\"seq_num\":0,\"timestamp\":0,\"body\":\"a\uFFFDb\uFFFD\"},"
                + "{\"seq_num\":1,\"timestamp\":0,\"body\":\"q\\\"\\\\\\n\\u0001é€😀\"}]}");
    // Base64 keeps binary exact.
    assertThat(S2Json.decodeReadBatch(S2Json.encodeReadBatch(batch, B64), B64)).isEqualTo(batch);
  }

  @Test
  void rawInputStoresUtf8Bytes() {
    AppendRecord r = appendOf("{\"body\":\"é\\u20ac\\ud83d\\ude00\"}", RAW).records().get(0);
    assertThat(r.body()).isEqualTo(Bytes.utf8("é€😀"));
  }

  // ---- AppendInput fields ----

  @Test
  void appendInputFieldsAndDefaults() {
    AppendInput in =
        S2Json.decodeAppendInput(
            utf8(
                "{\"records\":[{\"timestamp\":12,\"headers\":[],\"body\":\"x\"},{},"
                    + "{\"timestamp\":null}],\"match_seq_num\":0,\"fencing_token\":\"t\","
                    + "\"unknown\":{\"a\":[1,2,{\"b\":null}]}}"),
            RAW);
    assertThat(in.records())
        .containsExactly(
            AppendRecord.of("x").withTimestamp(12), AppendRecord.of(""), AppendRecord.of(""));
    assertThat(in.matchSeqNum()).isEqualTo(OptionalLong.of(0));
    assertThat(in.fencingToken()).contains("t");

    AppendInput nulls =
        S2Json.decodeAppendInput(
            utf8("{\"records\":[],\"match_seq_num\":null,\"fencing_token\":null}"), RAW);
    assertThat(nulls.matchSeqNum()).isEmpty();
    assertThat(nulls.fencingToken()).isEmpty();
  }

  @Test
  void appendInputRoundTripsInBothFormats() {
    AppendInput input =
        new AppendInput(
            List.of(
                AppendRecord.builder().timestamp(-1L).header("k", "v").header("k", "w")
                    .body("hello").build(),
                AppendRecord.of(new byte[] {0, (byte) 0xFF, 10}),
                AppendRecord.fence(""),
                AppendRecord.trim(Long.MIN_VALUE)),
            OptionalLong.of(-2L),
            Optional.of("tok€n"));
    AppendInput back = S2Json.decodeAppendInput(S2Json.encodeAppendInput(input, B64), B64);
    assertThat(back).isEqualTo(input);
    AppendInput text = AppendInput.of(AppendRecord.builder().header("a", "b").body("c").build())
        .withMatchSeqNum(7).withFencingToken("f");
    assertThat(str(S2Json.encodeAppendInput(text, RAW)))
        .isEqualTo(
            "{\"records\":[{\"headers\":[[\"a\",\"b\"]],\"body\":\"c\"}],"
                + "\"match_seq_num\":7,\"fencing_token\":\"f\"}");
    assertThat(S2Json.decodeAppendInput(S2Json.encodeAppendInput(text, RAW), RAW)).isEqualTo(text);
  }

  @Test
  void unsignedValuesAboveLongMaxRoundTrip() {
    AppendInput in =
        S2Json.decodeAppendInput(
            utf8(
                "{\"records\":[{\"timestamp\":18446744073709551615}],"
                    + "\"match_seq_num\":9223372036854775808}"),
            RAW);
    assertThat(in.records().get(0).timestamp()).isEqualTo(OptionalLong.of(-1L));
    assertThat(in.matchSeqNum()).isEqualTo(OptionalLong.of(Long.MIN_VALUE));
    assertThat(str(S2Json.encodeAppendInput(in, RAW)))
        .isEqualTo(
            "{\"records\":[{\"timestamp\":18446744073709551615}],"
                + "\"match_seq_num\":9223372036854775808}");
    ReadBatch batch = ReadBatch.of(List.of(seq(-1L, Long.MIN_VALUE, List.of(), "")),
        StreamPosition.of(-2L, Long.MAX_VALUE));
    String json = str(S2Json.encodeReadBatch(batch, RAW));
    assertThat(json)
        .isEqualTo(
            "{\"records\":[{\"seq_num\":18446744073709551615,\"timestamp\":9223372036854775808}],"
                + "\"tail\":{\"seq_num\":18446744073709551614,\"timestamp\":9223372036854775807}}");
    assertThat(S2Json.decodeReadBatch(utf8(json), RAW)).isEqualTo(batch);
  }

  @Test
  void fencingTokenLongerThan36BytesIsBadJson() {
    String ok = "a".repeat(36);
    assertThat(
            S2Json.decodeAppendInput(
                    utf8("{\"records\":[],\"fencing_token\":\"" + ok + "\"}"), RAW)
                .fencingToken())
        .contains(ok);
    assertBadJson(
        () ->
            S2Json.decodeAppendInput(
                utf8("{\"records\":[],\"fencing_token\":\"" + ok + "b\"}"), RAW));
    // 12 × 3-byte characters = 36 bytes is fine, 13 is not.
    assertThat(
            S2Json.decodeAppendInput(
                    utf8("{\"records\":[],\"fencing_token\":\"" + "€".repeat(12) + "\"}"), RAW)
                .fencingToken())
        .isPresent();
    assertBadJson(
        () ->
            S2Json.decodeAppendInput(
                utf8("{\"records\":[],\"fencing_token\":\"" + "€".repeat(13) + "\"}"), RAW));
  }

  // ---- strict parsing ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "null",
        "[]",
        "{}",
        "{\"records\":null}",
        "{\"records\":{}}",
        "{\"records\":[]} {}",
        "{\"records\":[]}x",
        "{\"records\":[],}",
        "{\"records\":[],\"records\":[]}",
        "{'records':[]}",
        "{\"records\":[]", 
        "{\"records\":[{\"timestamp\":\"123\"}]}",
        "{\"records\":[{\"timestamp\":1.5}]}",
        "{\"records\":[{\"timestamp\":1e3}]}",
        "{\"records\":[{\"timestamp\":-1}]}",
        "{\"records\":[{\"timestamp\":-0}]}",
        "{\"records\":[{\"timestamp\":01}]}",
        "{\"records\":[{\"timestamp\":18446744073709551616}]}",
        "{\"records\":[{\"timestamp\":true}]}",
        "{\"records\":[{\"body\":1}]}",
        "{\"records\":[{\"body\":null}]}",
        "{\"records\":[{\"headers\":null}]}",
        "{\"records\":[{\"headers\":{\"k\":\"v\"}}]}",
        "{\"records\":[{\"headers\":[[\"k\"]]}]}",
        "{\"records\":[{\"headers\":[[\"k\",\"v\",\"w\"]]}]}",
        "{\"records\":[{\"headers\":[[]]}]}",
        "{\"records\":[{\"headers\":[[\"k\",1]]}]}",
        "{\"records\":[{\"body\":\"\\ud800\"}]}",
        "{\"records\":[{\"body\":\"\\udc00x\"}]}",
        "{\"records\":[{\"body\":\"a\\ud800\\ud800\"}]}",
        "{\"records\":[],\"x\":\"\\ud800\"}",
        "{\"records\":[],\"match_seq_num\":\"1\"}",
        "{\"records\":[],\"fencing_token\":1}",
        "{\"records\":[{\"body\":\"a\u0001b\"}]}",
        "{\"records\":[/*c*/]}",
        "{\"records\":[NaN]}",
      })
  void malformedAppendInputIsBadJson(String json) {
    assertBadJson(() -> S2Json.decodeAppendInput(utf8(json), RAW));
  }

  @Test
  void invalidUtf8BytesInTheDocumentAreBadJson() {
    byte[] json = {'{', '"', 'r', 'e', 'c', 'o', 'r', 'd', 's', '"', ':', '[', '{', '"', 'b', 'o',
        'd', 'y', '"', ':', '"', (byte) 0xFF, '"', '}', ']', '}'};
    assertBadJson(() -> S2Json.decodeAppendInput(json, RAW));
  }

  @Test
  void onlyUtf8WithoutBomIsAccepted() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'r', 'e', 'c', 'o', 'r', 'd',
        's', '"', ':', '[', ']', '}'};
    assertBadJson(() -> S2Json.decodeAppendInput(bom, RAW));
    byte[] utf16 = "{\"records\":[]}".getBytes(StandardCharsets.UTF_16BE);
    assertBadJson(() -> S2Json.decodeAppendInput(utf16, RAW));
    byte[] utf16le = "{\"records\":[]}".getBytes(StandardCharsets.UTF_16LE);
    assertBadJson(() -> S2Json.decodeAppendInput(utf16le, RAW));
  }

  @Test
  void deepNestingInUnknownFieldsIsBadJson() {
    String shallow = "[".repeat(100) + "]".repeat(100);
    assertThat(
            S2Json.decodeAppendInput(utf8("{\"records\":[],\"x\":" + shallow + "}"), RAW)
                .records())
        .isEmpty();
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertBadJson(
        () -> S2Json.decodeAppendInput(utf8("{\"records\":[],\"x\":" + deep + "}"), RAW));
  }

  @ParameterizedTest
  @ValueSource(strings = {" null", "1", "true", "\"s\"", "{}", "[]", "x"})
  void anythingAfterTheValueIsBadJson(String trailing) {
    assertBadJson(() -> S2Json.decodeAppendInput(utf8("{\"records\":[]} " + trailing), RAW));
    assertBadJson(
        () -> S2Json.decodeCreateBasinRequest(utf8("{\"basin\":\"abcdefgh\"}" + trailing)));
    assertBadJson(() -> S2Json.decodeStreamPosition(
        utf8("{\"seq_num\":1,\"timestamp\":2}" + trailing)));
  }

  @Test
  void trailingWhitespaceIsFine() {
    assertThat(S2Json.decodeAppendInput(utf8(" {\"records\":[]} \n\t"), RAW).records()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"YQ", "-_8=", "YR==", "Y Q==", "not base64!"})
  void invalidBase64IsUnprocessable(String body) {
    var e = assertInvalid(
        () -> appendOf("{\"body\":\"" + body + "\"}", B64));
    assertThat(e.getMessage()).isEqualTo("invalid Base64 encoding");
    assertInvalid(() -> appendOf("{\"headers\":[[\"" + body + "\",\"\"]]}", B64));
    assertInvalid(() -> appendOf("{\"headers\":[[\"aw==\",\"" + body + "\"]]}", B64));
  }

  @Test
  void loneSurrogateInBase64FormatIsBadJsonNotInvalid() {
    assertBadJson(() -> appendOf("{\"body\":\"\\ud800\"}", B64));
    assertBadJson(() -> appendOf("{\"headers\":[[\"YQ\\udc00==\",\"\"]]}", B64));
  }

  @Test
  void syntaxErrorAfterBadBase64StillWinsAsBadJson() {
    // The reference server parses the whole document before decoding base64.
    assertBadJson(
        () -> S2Json.decodeAppendInput(utf8("{\"records\":[{\"body\":\"YQ\"},{\"body\":1}]}"), B64));
  }

  @Test
  void rawAppendAcceptsAnyStringInBase64LookingForm() {
    assertThat(appendOf("{\"body\":\"YQ\"}", RAW).records().get(0).body())
        .isEqualTo(Bytes.utf8("YQ"));
  }

  @Test
  void offsetDecodeReadsOnlyTheSlice() {
    byte[] buf = utf8("xx{\"records\":[{\"body\":\"a\"}]}yy");
    assertThat(S2Json.decodeAppendInput(buf, 2, buf.length - 4, RAW).records())
        .containsExactly(AppendRecord.of("a"));
  }

  // ---- acks and tails ----

  @Test
  void appendAckGolden() {
    AppendAck ack =
        new AppendAck(StreamPosition.of(5, 10), StreamPosition.of(8, 12), StreamPosition.of(9, 13));
    String json =
        "{\"start\":{\"seq_num\":5,\"timestamp\":10},\"end\":{\"seq_num\":8,\"timestamp\":12},"
            + "\"tail\":{\"seq_num\":9,\"timestamp\":13}}";
    assertThat(str(S2Json.encodeAppendAck(ack))).isEqualTo(json);
    assertThat(S2Json.decodeAppendAck(utf8(json))).isEqualTo(ack);
    assertBadJson(() -> S2Json.decodeAppendAck(utf8("{\"start\":{\"seq_num\":5,\"timestamp\":10}}")));
  }

  @Test
  void tailResponseGolden() {
    String json = "{\"tail\":{\"seq_num\":8,\"timestamp\":1724000000001}}";
    TailResponse tail = new TailResponse(StreamPosition.of(8, 1724000000001L));
    assertThat(str(S2Json.encodeTailResponse(tail))).isEqualTo(json);
    assertThat(S2Json.decodeTailResponse(utf8(json))).isEqualTo(tail);
    assertThat(S2Json.decodeStreamPosition(utf8("{\"timestamp\":2,\"seq_num\":1}")))
        .isEqualTo(StreamPosition.of(1, 2));
    assertBadJson(() -> S2Json.decodeStreamPosition(utf8("{\"seq_num\":1}")));
  }

  @Test
  void randomBinaryRecordsRoundTripExactlyInBase64() {
    Random random = new Random(42);
    List<AppendRecord> records = new ArrayList<>();
    List<SequencedRecord> sequenced = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      AppendRecord.Builder b = AppendRecord.builder();
      int headers = random.nextInt(3);
      for (int h = 0; h < headers; h++) {
        b.header(new Header(randomBytes(random, 1 + random.nextInt(8)),
            randomBytes(random, random.nextInt(8))));
      }
      if (random.nextBoolean()) {
        b.timestamp(random.nextLong());
      }
      AppendRecord r = b.body(randomBytes(random, random.nextInt(300))).build();
      records.add(r);
      sequenced.add(new SequencedRecord(random.nextLong(), random.nextLong(), r.headers(), r.body()));
    }
    AppendInput input = AppendInput.of(records);
    assertThat(S2Json.decodeAppendInput(S2Json.encodeAppendInput(input, B64), B64))
        .isEqualTo(input);
    ReadBatch batch = ReadBatch.of(sequenced, StreamPosition.of(random.nextLong(), 0));
    assertThat(S2Json.decodeReadBatch(S2Json.encodeReadBatch(batch, B64), B64)).isEqualTo(batch);
    // Raw output of the same binary data is still valid, strictly parsable JSON.
    ReadBatch lossy = S2Json.decodeReadBatch(S2Json.encodeReadBatch(batch, RAW), RAW);
    assertThat(lossy.records()).hasSameSizeAs(sequenced);
  }

  private static Bytes randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return Bytes.copyOf(b);
  }

  private static SequencedRecord seq(long seqNum, long ts, List<Header> headers, String body) {
    return new SequencedRecord(seqNum, ts, headers, Bytes.utf8(body));
  }
}

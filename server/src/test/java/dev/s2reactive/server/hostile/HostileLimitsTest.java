package dev.s2reactive.server.hostile;

import static dev.s2reactive.server.hostile.LiveServer.assertS2Error;
import static dev.s2reactive.server.hostile.LiveServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.server.ServerHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile requests aimed at each limit of protocol §2, §5.3, §7.1, §8 and §9 against a live
 * server: batches over the record and metered-byte limits in every append format, bad base64, bad
 * read queries, bad {@code Last-Event-ID}, huge headers, compressed bombs, and corrupt or
 * oversized s2s frames. Each gets its 4xx with an S2 error body, leaves the stream's tail where it
 * was (no partial write), and the server keeps serving (checked after every test).
 */
@Timeout(180)
class HostileLimitsTest {

  private static final String BASIN = "limits-basin";
  private static final String STREAM = "limits";
  private static final String RECORDS = "/v1/streams/" + STREAM + "/records";
  private static final int MIB = 1024 * 1024;

  private static LiveServer s;
  private long tailBefore;

  @BeforeAll
  static void start() {
    s = LiveServer.start();
    s.createBasin(BASIN);
    s.createStream(BASIN, STREAM);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @org.junit.jupiter.api.BeforeEach
  void recordTail() {
    tailBefore = s.tail(BASIN, STREAM);
  }

  @AfterEach
  void stillServing() {
    s.assertServing();
  }

  private void assertTailUnchanged() {
    assertThat(s.tail(BASIN, STREAM)).as("tail after rejected input").isEqualTo(tailBefore);
  }

  private static HttpResponse<String> appendJson(String body, String... headers) {
    var request = s.json("POST", RECORDS, body).header("s2-basin", BASIN);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return s.send(request);
  }

  private static HttpResponse<String> appendBytes(byte[] body, String... headers) {
    var request = s.request(RECORDS).header("s2-basin", BASIN)
        .POST(BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return s.send(request);
  }

  private static String records(int count, String body) {
    return "{\"records\":[" + String.join(",", Collections.nCopies(count,
        "{\"body\":\"" + body + "\"}")) + "]}";
  }

  // ---------------------------------------------------------------------------------------------
  // Batch limits

  @Test
  void batchesOverTheLimitsAre422InEveryFormatAndWriteNothing() throws Exception {
    // 1001 records: JSON raw, JSON base64, protobuf.
    assertS2Error(appendJson(records(1001, "")), 422, "invalid");
    assertS2Error(appendJson(records(1001, "eA=="), "s2-format", "base64"), 422, "invalid");
    List<AppendRecord> many = new ArrayList<>(Collections.nCopies(1001, AppendRecord.of("x")));
    assertS2Error(appendBytes(ProtoCodec.encode(AppendInput.of(many)),
        "content-type", "application/protobuf"), 422, "invalid");
    assertS2Error(appendJson("{\"records\":[]}"), 422, "invalid");
    // Over 1 MiB metered: 2 × (8 + 512 KiB − 4) = 1 MiB + 8, and one record of 1 MiB − 7.
    String half = "b".repeat(512 * 1024 - 4);
    assertS2Error(appendJson("{\"records\":[{\"body\":\"" + half + "\"},{\"body\":\"" + half
        + "\"}]}"), 422, "invalid");
    assertS2Error(appendJson(records(1, "c".repeat(MIB - 7))), 422, "invalid");
    // Metered bytes count headers too (8 + 2 + 1 + 1 MiB − 11 + 1 = 1 MiB + 1).
    assertS2Error(appendJson("{\"records\":[{\"headers\":[[\"k\",\"" + "v".repeat(MIB - 11)
        + "\"]],\"body\":\"x\"}]}"), 422, "invalid");
    byte[] bigBody = new byte[MIB];
    assertS2Error(appendBytes(ProtoCodec.encode(AppendInput.of(AppendRecord.of(bigBody))),
        "content-type", "application/protobuf"), 422, "invalid");
    assertTailUnchanged();

    // s2s: the oversized input gets a terminal 422 and nothing is written.
    List<S2sFrame> frames = s2sAppend(S2sFrames.message(ProtoCodec.encode(AppendInput.of(many)),
        Compression.NONE));
    assertTerminal(frames, 422, "invalid");
    assertTailUnchanged();

    // At the limits exactly: accepted.
    expect(appendJson(records(1000, "")), 200);
    expect(appendJson(records(1, "c".repeat(MIB - 8))), 200);
    assertThat(s.tail(BASIN, STREAM)).isEqualTo(tailBefore + 1001);
  }

  @Test
  void badBase64IsInvalidAndWritesNothing() {
    for (String bad : new String[] {"aGVsbG8", "aGVsbG8-", "aGV_bG8=", "a", "====", "aGVs bG8=",
        "aGVsbG8==", "%%%%", "aGVsbG8=\\n", "\\u0000AAA", "AAAA=AAA"}) {
      assertS2Error(appendJson("{\"records\":[{\"body\":\"" + bad + "\"}]}",
          "s2-format", "base64"), 422, "invalid");
      assertS2Error(appendJson("{\"records\":[{\"headers\":[[\"" + bad + "\",\"dg==\"]]}]}",
          "s2-format", "base64"), 422, "invalid");
      // A valid first record does not make it in when a later one is bad.
      assertS2Error(appendJson("{\"records\":[{\"body\":\"aGk=\"},{\"body\":\"" + bad + "\"}]}",
          "s2-format", "base64"), 422, "invalid");
    }
    assertS2Error(appendJson("{\"records\":[{\"body\":\"aGk=\"}]}", "s2-format", "base65"), 400,
        "bad_header");
    assertTailUnchanged();
  }

  @Test
  void wrongTypesAndBadCommandsWriteNothing() {
    for (String body : new String[] {
        "{\"records\":{}}", "{\"records\":[1]}", "{\"records\":[{\"body\":1}]}",
        "{\"records\":[{\"headers\":[[\"k\"]]}]}", "{\"records\":[{\"headers\":[[\"k\",1]]}]}",
        "{\"records\":[{\"headers\":{\"k\":\"v\"}}]}", "{\"records\":[{\"timestamp\":-1}]}",
        "{\"records\":[{\"timestamp\":\"1\"}]}", "{\"records\":[{}],\"match_seq_num\":\"0\"}",
        "{\"records\":[{}],\"match_seq_num\":-1}", "{\"records\":[{}],\"fencing_token\":1}",
        "{\"records\":[{}],\"fencing_token\":\"" + "f".repeat(37) + "\"}",
        "{\"records\":[{\"body\":\"a\"}]" + "}".repeat(2), "{\"records\":[{}]} []"}) {
      assertS2Error(appendJson(body), 400, "bad_json");
    }
    for (String body : new String[] {
        "{\"records\":[{\"headers\":[[\"\",\"fence\"],[\"k\",\"v\"]]}]}",
        "{\"records\":[{\"headers\":[[\"\",\"nuke\"]]}]}",
        "{\"records\":[{\"headers\":[[\"\",\"trim\"]],\"body\":\"short\"}]}",
        "{\"records\":[{\"body\":\"ok\"},{\"headers\":[[\"\",\"fence\"]],\"body\":\""
            + "t".repeat(37) + "\"}]}"}) {
      assertS2Error(appendJson(body), 422, "invalid");
    }
    assertTailUnchanged();
  }

  // ---------------------------------------------------------------------------------------------
  // Queries and headers

  @Test
  void badReadQueriesAre400BadQuery() {
    expect(appendJson(records(3, "q")), 200);
    for (String key : new String[] {"seq_num", "timestamp", "tail_offset", "count", "bytes",
        "until", "wait", "clamp"}) {
      for (String value : new String[] {"", "-1", "abc", "1.5", "0x10", "+1", "1e3", "%20",
          "18446744073709551616", "99999999999999999999999", "%00", "1%2C2"}) {
        if (key.equals("clamp") && value.isEmpty()) {
          continue;
        }
        assertS2Error(s.send(s.get(RECORDS + "?" + key + "=" + value)
            .header("s2-basin", BASIN)), 400, "bad_query");
      }
    }
    assertS2Error(s.send(s.get(RECORDS + "?seq_num=0&seq_num=1").header("s2-basin", BASIN)),
        400, "bad_query");
    assertS2Error(s.send(s.get(RECORDS + "?clamp=yes").header("s2-basin", BASIN)), 400,
        "bad_query");
    assertS2Error(s.send(s.get(RECORDS + "?wait=4294967296").header("s2-basin", BASIN)), 400,
        "bad_query");
    assertS2Error(s.send(s.get(RECORDS + "?seq_num=0&timestamp=0").header("s2-basin", BASIN)),
        422, "invalid");
    assertS2Error(s.send(s.get(RECORDS + "?timestamp=5&until=5").header("s2-basin", BASIN)),
        422, "invalid");
    for (String list : new String[] {"/v1/basins", "/v1/streams", "/v1/access-tokens"}) {
      for (String query : new String[] {"limit=-1", "limit=x", "limit=1.0", "limit=",
          "limit=18446744073709551616", "limit=1&limit=2", "prefix=a&prefix=b", "prefix=%",
          "start_after=%zz", "prefix=" + "p".repeat(600)}) {
        ServerHarness.Raw response = s.raw(s.head("GET", list + "?" + query, "s2-basin: " + BASIN)
            .getBytes(StandardCharsets.ISO_8859_1));
        assertS2Error(response, 400, "bad_query");
      }
    }
    // Basin prefixes are [a-z0-9-]; invalid UTF-8 decodes lossily (as the reference server's
    // form decoding does) and then fails that rule.
    assertS2Error(s.send(s.get("/v1/basins?prefix=%FF")), 400, "bad_query");
  }

  @Test
  void badLastEventIdIs400BadHeader() throws Exception {
    expect(appendJson(records(2, "sse")), 200);
    for (String id : new String[] {"", "1", "1,2", "1,2,3,4", "a,b,c", "-1,0,0", "1,-2,0",
        "1,,2", ",,", "1.0,2,3", "18446744073709551616,0,0", "1,2,3,", "0x1,2,3", "1;2;3"}) {
      HttpResponse<String> response = s.send(s.get(RECORDS + "?seq_num=0&count=1&wait=0")
          .header("s2-basin", BASIN).header("accept", "text/event-stream")
          .header("last-event-id", id));
      try {
        assertS2Error(response, 400, "bad_header");
      } catch (AssertionError e) {
        throw new AssertionError("Last-Event-ID `" + id + "`: " + e.getMessage(), e);
      }
    }
    // The largest seq_num resumes after the tail: nothing to deliver, no crash.
    HttpResponse<String> max = s.send(s.get(RECORDS + "?seq_num=0&count=1&wait=0")
        .header("s2-basin", BASIN).header("accept", "text/event-stream")
        .header("last-event-id", "18446744073709551615,0,0"));
    assertThat(max.statusCode()).as(max.body()).isBetween(200, 499);
    if (max.statusCode() >= 400) {
      assertS2Error(max);
    }
  }

  @Test
  void hugeHeadersAreRefusedWithoutHarm() {
    // Over the 32 KiB header block: 431 before any route runs, and the connection closed.
    ServerHarness.Raw huge = s.raw(s.head("GET", "/v1/basins", "x-big: " + "v".repeat(40_000))
        .getBytes(StandardCharsets.ISO_8859_1));
    assertS2Error(huge, 431, "bad_header");
    assertThat(huge.closed()).isTrue();
    // Within the block limit but absurd for the header: the S2 error of that header.
    assertS2Error(s.send(s.get("/v1/streams").header("s2-basin", "b".repeat(20_000))), 400,
        "bad_header");
    assertS2Error(s.send(s.get(RECORDS).header("s2-basin", BASIN)
        .header("s2-encryption-key", "k".repeat(20_000))), 400, "bad_header");
    assertS2Error(s.send(s.get(RECORDS + "/tail").header("s2-basin", BASIN)
        .header("s2-stream-config", "{" + "\"a\":[".repeat(5000))), 400, "bad_header");
    assertS2Error(s.send(s.get("/v1/basins").setHeader("authorization",
        "Bearer " + "t".repeat(20_000))), 401, "authn");
    assertS2Error(appendJson(records(1, "x"), "s2-format", "b".repeat(20_000)), 400,
        "bad_header");
    assertTailUnchanged();
  }

  // ---------------------------------------------------------------------------------------------
  // Compressed bombs

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** {@code size} zero bytes, gzipped without materializing them. */
  private static byte[] gzipZeros(long size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[MIB];
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
      for (long written = 0; written < size; written += zeros.length) {
        gz.write(zeros);
      }
    }
    return out.toByteArray();
  }

  @Test
  void compressedBombsAreRefusedWithBoundedMemory() throws Exception {
    long heapBefore = LiveServer.heapAfterGc();
    byte[] gzipBomb = gzipZeros(256L * MIB); // ~250 KiB on the wire
    byte[] zstdBomb = Zstd.compress(new byte[256 * MIB], 1); // a few KiB on the wire
    byte[] doubleGzip = gzip(gzipBomb);
    assertThat(gzipBomb.length).isLessThan(MIB);
    assertThat(zstdBomb.length).isLessThan(64 * 1024);

    // Appends: 413 invalid (the records routes' body cap).
    assertS2Error(appendBytes(gzipBomb, "content-type", "application/json",
        "content-encoding", "gzip"), 413, "invalid");
    assertS2Error(appendBytes(zstdBomb, "content-type", "application/json",
        "content-encoding", "zstd"), 413, "invalid");
    assertS2Error(appendBytes(doubleGzip, "content-type", "application/json",
        "content-encoding", "gzip, gzip"), 413, "invalid");
    // Management and token bodies: 400 bad_json.
    for (byte[] bomb : new byte[][] {gzipBomb, zstdBomb}) {
      String coding = bomb == gzipBomb ? "gzip" : "zstd";
      assertS2Error(s.send(s.request("/v1/basins").header("content-type", "application/json")
          .header("content-encoding", coding).POST(BodyPublishers.ofByteArray(bomb))), 400,
          "bad_json");
      assertS2Error(s.send(s.request("/v1/access-tokens")
          .header("content-type", "application/json").header("content-encoding", coding)
          .POST(BodyPublishers.ofByteArray(bomb))), 400, "bad_json");
    }
    // Corrupt compressed bodies and unknown codings.
    byte[] corrupt = Arrays.copyOf(gzip("{\"records\":[{}]}".getBytes(StandardCharsets.UTF_8)), 12);
    assertS2Error(appendBytes(corrupt, "content-type", "application/json",
        "content-encoding", "gzip"), 400, "bad_header");
    assertS2Error(appendBytes(new byte[] {1, 2, 3, 4}, "content-type", "application/json",
        "content-encoding", "zstd"), 400, "bad_header");
    assertS2Error(appendBytes(new byte[] {1}, "content-type", "application/json",
        "content-encoding", "br"), 415, "bad_header");
    // A zstd frame that asks for a huge window is refused, not allocated.
    byte[] hugeWindow = Zstd.compress(new byte[64], 1);
    hugeWindow[4] = (byte) 0x00; // frame header descriptor: no single-segment, window follows
    assertThat(appendBytes(Arrays.copyOf(hugeWindow, hugeWindow.length), "content-type",
        "application/json", "content-encoding", "zstd").statusCode()).isBetween(400, 499);
    // A compressed body of a valid batch still works.
    expect(appendBytes(gzip(records(2, "zipped").getBytes(StandardCharsets.UTF_8)),
        "content-type", "application/json", "content-encoding", "gzip"), 200);
    assertThat(s.tail(BASIN, STREAM)).isEqualTo(tailBefore + 2);
    long heapAfter = LiveServer.heapAfterGc();
    System.out.printf("HostileLimitsTest: bombs of 256 MiB (gzip %d B, zstd %d B); heap %d MiB"
        + " -> %d MiB%n", gzipBomb.length, zstdBomb.length, heapBefore >> 20, heapAfter >> 20);
    assertThat(heapAfter).as("heap after bombs").isLessThan(heapBefore + 64L * MIB);
  }

  // ---------------------------------------------------------------------------------------------
  // s2s frames

  private static List<S2sFrame> s2sAppend(byte[]... chunks) throws IOException {
    return s.s2sAppend(s.root, BASIN, RECORDS, chunks);
  }

  private static void assertTerminal(List<S2sFrame> frames, int status, String code) {
    LiveServer.assertTerminal(frames, status, code);
  }

  private static byte[] frame(int length, int flag, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.write(flag);
    out.writeBytes(body);
    return out.toByteArray();
  }

  @Test
  void corruptAndOversizedS2sFramesAreBadFrameAndWriteNothing() throws Exception {
    byte[] valid = S2sFrames.message(ProtoCodec.encode(AppendInput.of(AppendRecord.of("v"))),
        Compression.NONE);
    byte[] garbageProto = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
    byte[][][] cases = {
      {frame(0, 0, new byte[0])}, // zero length
      {frame(S2sFrames.MAX_FRAME_LENGTH + 1, 0, new byte[16])}, // over 2 MiB
      {frame(0xFFFFFF, 0, new byte[16])}, // the largest length field
      {frame(4, 0x60, new byte[3])}, // compression bits 11
      {frame(3, 0x80, new byte[] {1, (byte) 0x90, '{'})}, // a terminal frame from the client
      {frame(1 + garbageProto.length, 0, garbageProto)}, // undecodable protobuf
      {frame(9, 0x20, "notzstd!".getBytes(StandardCharsets.US_ASCII))}, // corrupt zstd
      {frame(9, 0x40, "notgzip!".getBytes(StandardCharsets.US_ASCII))}, // corrupt gzip
      {Arrays.copyOf(valid, valid.length - 1)}, // truncated at end of body
      {new byte[] {0, 0}}, // truncated header
    };
    int checked = 0;
    for (byte[][] chunks : cases) {
      List<S2sFrame> frames = s2sAppend(chunks);
      assertTerminal(frames, 400, "bad_frame");
      assertThat(frames).hasSize(1);
      checked++;
    }
    // A zstd bomb inside a frame: decompresses past the 2 MiB frame limit.
    byte[] bomb = Zstd.compress(new byte[64 * MIB], 1);
    assertTerminal(s2sAppend(frame(1 + bomb.length, 0x20, bomb)), 400, "bad_frame");
    // A gzip bomb inside a frame.
    byte[] gzBomb = gzipZeros(64L * MIB);
    assertTerminal(s2sAppend(frame(1 + gzBomb.length, 0x40, gzBomb)), 400, "bad_frame");
    assertTailUnchanged();

    // Valid inputs before a corrupt frame are acknowledged; nothing after it is written.
    List<S2sFrame> frames = s2sAppend(valid, valid, frame(0, 0, new byte[0]), valid);
    assertThat(frames).hasSize(3);
    assertTerminal(frames, 400, "bad_frame");
    assertThat(s.tail(BASIN, STREAM)).isEqualTo(tailBefore + 2);
    // Byte-at-a-time delivery of valid frames still works.
    byte[] two = concat(valid, valid);
    byte[][] singles = new byte[two.length][];
    for (int i = 0; i < two.length; i++) {
      singles[i] = new byte[] {two[i]};
    }
    List<S2sFrame> acks = s2sAppend(singles);
    assertThat(acks).hasSize(2).allMatch(f -> f instanceof S2sFrame.Message);
    long end = ProtoCodec.decodeAppendAck(
        BytesInternals.array(((S2sFrame.Message) acks.get(1)).body())).end().seqNum();
    assertThat(end).isEqualTo(tailBefore + 4);
    System.out.printf("HostileLimitsTest: %d corrupt s2s frame shapes + 2 bombs%n", checked);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

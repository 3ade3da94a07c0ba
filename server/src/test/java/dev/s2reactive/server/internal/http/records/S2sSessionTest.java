package dev.s2reactive.server.internal.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameDecoder;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.server.internal.engine.ActiveStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * s2s read and append sessions over h2c (Reactor Netty's client, prior knowledge) and over chunked
 * HTTP/1.1 (Reactor Netty for reads, a raw socket for full-duplex appends).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S2sSessionTest {

  private static RecordsServer server;
  private static final AtomicInteger STREAMS = new AtomicInteger();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Which transport a session runs over. */
  enum Transport {
    HTTP11(HttpProtocol.HTTP11),
    H2C(HttpProtocol.H2C);

    final HttpProtocol protocol;

    Transport(HttpProtocol protocol) {
      this.protocol = protocol;
    }
  }

  @BeforeAll
  static void start() {
    server = new RecordsServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String freshStream() {
    return "s2s/s" + STREAMS.incrementAndGet();
  }

  private static String path(String stream, String query) {
    return "/v1/streams/" + stream.replace("/", "%2F") + "/records" + query;
  }

  private static HttpClient client(Transport transport, String acceptEncoding) {
    return HttpClient.create()
        .protocol(transport.protocol)
        .baseUrl(server.base())
        .headers(h -> {
          h.set("s2-basin", RecordsServer.BASIN).set("content-type", "s2s/proto");
          if (acceptEncoding != null) {
            h.set("accept-encoding", acceptEncoding);
          }
        });
  }

  /** A decoded response frame, with the flag byte it arrived with. */
  record Frame(S2sFrame frame, int status, String contentType) {}

  /** Decodes a response body into frames; the flags of raw frames are checked separately. */
  private static Flux<Frame> frames(HttpClient client, String uri, Flux<ByteBuf> requestBody) {
    HttpClient.ResponseReceiver<?> receiver = requestBody == null
        ? client.get().uri(uri)
        : client.post().uri(uri).send((request, out) -> out.send(requestBody));
    return receiver.response((response, body) -> {
      S2sFrameDecoder decoder = new S2sFrameDecoder();
      int status = response.status().code();
      String type = response.responseHeaders().get("content-type");
      return body.map(chunk -> {
            List<Frame> out = new ArrayList<>();
            decoder.decode(chunk, f -> out.add(new Frame(f, status, type)));
            return out;
          })
          .concatMapIterable(list -> list);
    });
  }

  private static ReadBatch readBatch(Frame frame) {
    assertThat(frame.frame()).isInstanceOf(S2sFrame.Message.class);
    return ProtoCodec.decodeReadBatch(((S2sFrame.Message) frame.frame()).body().toByteArray());
  }

  private static AppendAck ack(Frame frame) {
    assertThat(frame.frame()).as("%s", frame.frame()).isInstanceOf(S2sFrame.Message.class);
    return ProtoCodec.decodeAppendAck(((S2sFrame.Message) frame.frame()).body().toByteArray());
  }

  private static void append(ActiveStream stream, AppendRecord... records) throws Exception {
    stream.append(AppendInput.of(records)).get(10, TimeUnit.SECONDS);
  }

  // ---- read sessions ----

  @ParameterizedTest
  @EnumSource(Transport.class)
  void readSessionDeliversRecordsThenHeartbeatsThenLiveBatches(Transport transport)
      throws Exception {
    String name = freshStream();
    ActiveStream stream = server.create(RecordsServer.BASIN, name);
    append(stream, AppendRecord.of("a"), AppendRecord.of("b"));
    Sinks.One<Boolean> appended = Sinks.one();
    List<Frame> received = frames(client(transport, null), path(name, "?seq_num=0"), null)
        .doOnNext(frame -> {
          ReadBatch batch = readBatch(frame);
          if (batch.isHeartbeat() && batch.tail().get().seqNum() == 2) {
            stream.append(AppendInput.of(AppendRecord.of("c")));
          }
        })
        .takeUntil(frame -> readBatch(frame).records().size() == 1)
        .collectList()
        .block(TIMEOUT);
    assertThat(received.get(0).status()).isEqualTo(200);
    assertThat(received.get(0).contentType()).isEqualTo("s2s/proto");
    ReadBatch first = readBatch(received.get(0));
    assertThat(first.records()).extracting(r -> r.body().utf8()).containsExactly("a", "b");
    assertThat(first.tail()).isEmpty();
    ReadBatch heartbeat = readBatch(received.get(1));
    assertThat(heartbeat.records()).isEmpty();
    assertThat(heartbeat.tail().get().seqNum()).isEqualTo(2);
    ReadBatch live = readBatch(received.get(received.size() - 1));
    assertThat(live.records()).extracting(r -> r.body().utf8()).containsExactly("c");
    assertThat(live.tail().get().seqNum()).isEqualTo(3);
  }

  @Test
  void boundedReadSessionEndsWithoutTerminalFrameAndCompressesLargeFrames() throws Exception {
    String name = freshStream();
    ActiveStream stream = server.create(RecordsServer.BASIN, name);
    String big = "z".repeat(4000);
    append(stream, AppendRecord.of(big), AppendRecord.of("small"));
    byte[] raw = client(Transport.H2C, "gzip, zstd;q=0.5")
        .get()
        .uri(path(name, "?seq_num=0&count=2"))
        .responseContent()
        .aggregate()
        .asByteArray()
        .block(TIMEOUT);
    assertThat((raw[3] >> 5) & 3).as("zstd compression bits").isEqualTo(Compression.ZSTD.bits());
    List<S2sFrame> decoded = new S2sFrameDecoder().decode(raw);
    assertThat(decoded).hasSize(1);
    ReadBatch batch =
        ProtoCodec.decodeReadBatch(((S2sFrame.Message) decoded.get(0)).body().toByteArray());
    assertThat(batch.records()).extracting(r -> r.body().utf8()).containsExactly(big, "small");
  }

  @Test
  void readSessionErrorsBeforeTheStreamAreJsonResponses() {
    String name = freshStream();
    server.create(RecordsServer.BASIN, name);
    String body = client(Transport.H2C, null)
        .get()
        .uri(path(name, "?seq_num=3"))
        .responseSingle((response, content) -> content.asString()
            .defaultIfEmpty("")
            .map(text -> response.status().code() + " "
                + response.responseHeaders().get("content-type") + " " + text))
        .block(TIMEOUT);
    assertThat(body).isEqualTo("416 application/json {\"tail\":{\"seq_num\":0,\"timestamp\":0}}");
  }

  // ---- append sessions over h2c ----

  private static ByteBuf inputFrame(AppendInput input) {
    return Unpooled.wrappedBuffer(S2sFrames.message(ProtoCodec.encode(input), Compression.NONE));
  }

  @Test
  void appendSessionAcksEachInputInOrderWhileTheBodyIsOpen() throws Exception {
    String name = freshStream();
    Sinks.Many<ByteBuf> inputs = Sinks.many().unicast().onBackpressureBuffer();
    BlockingQueue<Frame> acks = new LinkedBlockingQueue<>();
    Disposable session = frames(client(Transport.H2C, null), path(name, ""), inputs.asFlux())
        .subscribe(acks::add, error -> { }, () -> acks.add(new Frame(null, -1, null)));
    // Full duplex: each ack arrives before the next input is sent.
    for (int i = 0; i < 3; i++) {
      inputs.tryEmitNext(inputFrame(AppendInput.of(AppendRecord.of("one-" + i))));
      Frame frame = acks.poll(20, TimeUnit.SECONDS);
      assertThat(frame).isNotNull();
      assertThat(ack(frame).start().seqNum()).isEqualTo(i);
    }
    // Pipelined: many inputs at once, acked one by one in order.
    for (int i = 0; i < 50; i++) {
      inputs.tryEmitNext(inputFrame(AppendInput.of(AppendRecord.of("p" + i), AppendRecord.of("q"))));
    }
    inputs.tryEmitComplete();
    for (int i = 0; i < 50; i++) {
      AppendAck ack = ack(acks.poll(20, TimeUnit.SECONDS));
      assertThat(ack.start().seqNum()).isEqualTo(3 + 2L * i);
      assertThat(ack.end().seqNum()).isEqualTo(5 + 2L * i);
    }
    assertThat(acks.poll(20, TimeUnit.SECONDS).status()).as("response ended").isEqualTo(-1);
    session.dispose();
  }

  private static List<Frame> appendSession(Transport transport, String name, ByteBuf... frames) {
    return frames(client(transport, null), path(name, ""), Flux.just(frames).concatWith(Flux.never()))
        .collectList()
        .block(TIMEOUT);
  }

  @Test
  void firstFailureEndsTheSessionWithATerminalFrame() throws Exception {
    String name = freshStream();
    List<Frame> frames = appendSession(Transport.H2C, name,
        inputFrame(AppendInput.of(AppendRecord.of("x"))),
        inputFrame(AppendInput.of(AppendRecord.of("y")).withMatchSeqNum(0)));
    assertThat(frames).as("the session ends after the terminal frame").hasSize(2);
    assertThat(ack(frames.get(0)).end().seqNum()).isEqualTo(1);
    S2sFrame.Terminal terminal = (S2sFrame.Terminal) frames.get(1).frame();
    assertThat(terminal.status()).isEqualTo(412);
    assertThat(terminal.json()).isEqualTo("{\"seq_num_mismatch\":1}");
    HttpClient plain = HttpClient.create().protocol(HttpProtocol.H2C).baseUrl(server.base());
    String tail = plain.headers(h -> h.set("s2-basin", RecordsServer.BASIN))
        .get().uri(path(name, "/tail")).responseContent().aggregate().asString().block(TIMEOUT);
    assertThat(tail).startsWith("{\"tail\":{\"seq_num\":1,");
  }

  @Test
  void badFramesAndInvalidInputsAreTerminal() {
    String name = freshStream();
    S2sFrame.Terminal zeroLength = (S2sFrame.Terminal) appendSession(Transport.H2C, name,
        Unpooled.wrappedBuffer(new byte[] {0, 0, 0})).get(0).frame();
    assertThat(zeroLength.status()).isEqualTo(400);
    assertThat(zeroLength.json()).startsWith("{\"code\":\"bad_frame\",");

    S2sFrame.Terminal clientTerminal = (S2sFrame.Terminal) appendSession(Transport.H2C, name,
        Unpooled.wrappedBuffer(S2sFrames.terminal(500, "{}"))).get(0).frame();
    assertThat(clientTerminal.status()).isEqualTo(400);
    assertThat(clientTerminal.json()).startsWith("{\"code\":\"bad_frame\",");

    S2sFrame.Terminal badProto = (S2sFrame.Terminal) appendSession(Transport.H2C, name,
        Unpooled.wrappedBuffer(S2sFrames.message(new byte[] {(byte) 0xFF}, Compression.NONE)))
        .get(0).frame();
    assertThat(badProto.status()).isEqualTo(400);
    assertThat(badProto.json()).startsWith("{\"code\":\"bad_frame\",");

    List<Frame> invalid = appendSession(Transport.H2C, name,
        inputFrame(AppendInput.of(AppendRecord.of("ok"))),
        inputFrame(new AppendInput(List.of(), java.util.OptionalLong.empty(),
            java.util.Optional.empty())));
    assertThat(ack(invalid.get(0)).start().seqNum()).isZero();
    S2sFrame.Terminal empty = (S2sFrame.Terminal) invalid.get(1).frame();
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.json())
        .isEqualTo("{\"code\":\"invalid\",\"message\":\"record batch must not be empty\"}");
  }

  @Test
  void appendSessionOnAMissingBasinIsAPlainJsonError() {
    String result = HttpClient.create().protocol(HttpProtocol.H2C).baseUrl(server.base())
        .headers(h -> h.set("s2-basin", "missing-basin").set("content-type", "S2S/Proto"))
        .post().uri(path("x", ""))
        .send(Flux.just(inputFrame(AppendInput.of(AppendRecord.of("x")))))
        .responseSingle((response, content) -> content.asString()
            .map(text -> response.status().code() + " " + text))
        .block(TIMEOUT);
    assertThat(result)
        .isEqualTo("404 {\"code\":\"basin_not_found\",\"message\":\"basin `missing-basin` not found\"}");
  }

  // ---- append session over chunked HTTP/1.1 (raw socket, full duplex) ----

  @Test
  void appendSessionOverChunkedHttp11IsFullDuplex() throws Exception {
    String name = freshStream();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(("POST " + path(name, "") + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\n"
          + "s2-basin: " + RecordsServer.BASIN + "\r\n"
          + "Content-Type: s2s/proto\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      RawHttp.writeChunk(out, S2sFrames.message(
          ProtoCodec.encode(AppendInput.of(AppendRecord.of("h1"))), Compression.NONE));
      RawHttp.ChunkedReader response = new RawHttp.ChunkedReader(in);
      String head = response.head();
      assertThat(head).startsWith("HTTP/1.1 200");
      assertThat(head.toLowerCase()).contains("content-type: s2s/proto")
          .contains("transfer-encoding: chunked")
          .contains("cache-control: no-cache, no-transform")
          .contains("x-accel-buffering: no");
      S2sFrameDecoder decoder = new S2sFrameDecoder();
      List<S2sFrame> frames = new ArrayList<>();
      while (frames.isEmpty()) {
        decoder.decode(response.chunk(), frames::add);
      }
      assertThat(ProtoCodec.decodeAppendAck(((S2sFrame.Message) frames.get(0)).body().toByteArray())
          .end().seqNum()).isEqualTo(1);
      // A frame split across two chunks, then the end of the body.
      byte[] second = S2sFrames.message(ProtoCodec.encode(
          AppendInput.of(AppendRecord.of("h2"), AppendRecord.of("h3"))), Compression.NONE);
      RawHttp.writeChunk(out, java.util.Arrays.copyOfRange(second, 0, 3));
      RawHttp.writeChunk(out, java.util.Arrays.copyOfRange(second, 3, second.length));
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (byte[] chunk; (chunk = response.chunk()) != null; ) {
        decoder.decode(chunk, frames::add);
      }
      assertThat(frames).hasSize(2);
      AppendAck ack = ProtoCodec.decodeAppendAck(
          ((S2sFrame.Message) frames.get(1)).body().toByteArray());
      assertThat(ack.start().seqNum()).isEqualTo(1);
      assertThat(ack.end().seqNum()).isEqualTo(3);
    }
  }

  @Test
  void appendSessionFailureOverChunkedHttp11EndsTheResponse() throws Exception {
    String name = freshStream();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path(name, "") + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\n"
          + "s2-basin: " + RecordsServer.BASIN + "\r\n"
          + "Content-Type: s2s/proto\r\n"
          + "Accept-Encoding: zstd\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      AppendInput fenced = AppendInput.of(AppendRecord.of("x")).withFencingToken("nope");
      RawHttp.writeChunk(out, S2sFrames.message(ProtoCodec.encode(fenced), Compression.NONE));
      RawHttp.ChunkedReader response = new RawHttp.ChunkedReader(socket.getInputStream());
      assertThat(response.head()).startsWith("HTTP/1.1 200");
      S2sFrameDecoder decoder = new S2sFrameDecoder();
      List<S2sFrame> frames = new ArrayList<>();
      for (byte[] chunk; (chunk = response.chunk()) != null; ) {
        decoder.decode(chunk, frames::add);
      }
      assertThat(frames).hasSize(1);
      S2sFrame.Terminal terminal = (S2sFrame.Terminal) frames.get(0);
      assertThat(terminal.status()).isEqualTo(412);
      assertThat(terminal.json()).isEqualTo("{\"fencing_token_mismatch\":\"\"}");
    }
  }
}

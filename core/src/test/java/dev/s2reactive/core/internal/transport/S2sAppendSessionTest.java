package dev.s2reactive.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.AppendSink;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameDecoder;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.StreamPosition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** The append sink over a full-duplex s2s session against a scripted h2c server. */
class S2sAppendSessionTest {

  /** Acks every input in order; with {@code failAt} >= 0 sends a 412 terminal at that input. */
  private static DisposableServer server(AtomicInteger sessions, int failAt) {
    return HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .protocol(HttpProtocol.H2C, HttpProtocol.HTTP11)
        .handle(
            (req, res) -> {
              sessions.incrementAndGet();
              AtomicLong tail = new AtomicLong();
              AtomicInteger inputs = new AtomicInteger();
              S2sFrameDecoder decoder = new S2sFrameDecoder();
              Flux<ByteBuf> acks =
                  req.receive()
                      .map(
                          buf -> {
                            List<S2sFrame> frames = new ArrayList<>();
                            decoder.decode(buf, frames::add);
                            return frames;
                          })
                      .concatMapIterable(f -> f)
                      .takeWhile(f -> failAt < 0 || inputs.get() <= failAt)
                      .map(
                          frame -> {
                            AppendInput input =
                                ProtoCodec.decodeAppendInput(
                                    BytesInternals.array(((S2sFrame.Message) frame).body()));
                            if (inputs.getAndIncrement() == failAt) {
                              return Unpooled.wrappedBuffer(
                                  S2sFrames.terminal(
                                      412, "{\"seq_num_mismatch\":" + tail.get() + "}"));
                            }
                            long start = tail.getAndAdd(input.records().size());
                            AppendAck ack =
                                new AppendAck(
                                    new StreamPosition(start, 0),
                                    new StreamPosition(tail.get(), 0),
                                    new StreamPosition(tail.get(), 0));
                            return Unpooled.wrappedBuffer(
                                S2sFrames.message(ProtoCodec.encode(ack), Compression.NONE));
                          });
              return res.header("content-type", "s2s/proto").send(acks);
            })
        .bindNow();
  }

  private static S2Client client(DisposableServer server) {
    String endpoint = "http://127.0.0.1:" + server.port();
    return S2Client.create(S2ClientOptions.builder().endpoints(endpoint, endpoint).build());
  }

  @Test
  void acksArriveInOrderOverOneSession() {
    AtomicInteger sessions = new AtomicInteger();
    DisposableServer server = server(sessions, -1);
    try (S2Client client = client(server)) {
      AppendSink sink =
          client.basin("my-basin").stream("s")
              .newSink(AppendOptions.defaults().withMaxBatchRecords(10));
      List<AppendAck> acks = new ArrayList<>();
      StepVerifier.create(Flux.from(sink.acks()))
          .then(() -> Flux.range(0, 100).map(i -> AppendRecord.of("r" + i)).subscribe(sink))
          .recordWith(() -> acks)
          .thenConsumeWhile(a -> true)
          .expectComplete()
          .verify(Duration.ofSeconds(10));
      // batch boundaries depend on timing (linger); the acks must tile 0..100 in order
      long next = 0;
      for (AppendAck ack : acks) {
        assertThat(ack.start().seqNum()).isEqualTo(next);
        assertThat(ack.end().seqNum() - ack.start().seqNum()).isBetween(1L, 10L);
        next = ack.end().seqNum();
      }
      assertThat(next).isEqualTo(100);
      assertThat(sessions.get()).isEqualTo(1);
    } finally {
      server.disposeNow();
    }
  }

  @Test
  void terminalFrameFailsTheSinkWithTypedError() {
    AtomicInteger sessions = new AtomicInteger();
    DisposableServer server = server(sessions, 1);
    try (S2Client client = client(server)) {
      AppendSink sink =
          client.basin("my-basin").stream("s")
              .newSink(AppendOptions.defaults().withMaxBatchRecords(1));
      StepVerifier.create(Flux.from(sink.acks()))
          .then(() -> Flux.range(0, 3).map(i -> AppendRecord.of("r" + i)).subscribe(sink))
          .expectNextCount(1)
          .expectErrorSatisfies(
              e -> assertThat(((AppendConditionFailedException) e).nextSeqNum()).hasValue(1))
          .verify(Duration.ofSeconds(10));
    } finally {
      server.disposeNow();
    }
  }

  @Test
  void afterAFailureWithInputsWaitingLaterInputsWaitUnsentForRestart() {
    AtomicInteger sessions = new AtomicInteger();
    DisposableServer server = server(sessions, 0); // every session fails its first input
    String endpoint = "http://127.0.0.1:" + server.port();
    try (HttpTransport transport = new HttpTransport(
        S2ClientOptions.builder().endpoints(endpoint, endpoint).build())) {
      S2sAppendSession session = new S2sAppendSession(transport,
          URI.create(endpoint + "/v1/streams/s/records"), Map.of(), Compression.NONE);
      StepVerifier.create(session.append(AppendInput.of(AppendRecord.of("first"))))
          .expectError(AppendConditionFailedException.class)
          .verify(Duration.ofSeconds(10));

      // Not sent (a new session could land it ahead of the failed input's resend), and says so.
      StepVerifier.create(session.append(AppendInput.of(AppendRecord.of("second"))))
          .expectErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(TransportException.class);
            assertThat(((TransportException) e).isRetryable()).isTrue();
            assertThat(((TransportException) e).mayHaveBeenApplied()).isFalse();
          })
          .verify(Duration.ofSeconds(10));
      assertThat(sessions.get()).isEqualTo(1);

      session.restart();
      StepVerifier.create(session.append(AppendInput.of(AppendRecord.of("resent"))))
          .expectError(AppendConditionFailedException.class) // answered by a new session
          .verify(Duration.ofSeconds(10));
      assertThat(sessions.get()).isEqualTo(2);
    } finally {
      server.disposeNow();
    }
  }
}

package dev.s2reactive.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** Cancelling a read closes its HTTP stream: the server sees its endless response cancelled. */
class CancellationTest {

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void cancelClosesTheStream(TransportPreference transport) throws InterruptedException {
    CountDownLatch serverSawCancel = new CountDownLatch(1);
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
            .handle(
                (req, res) -> {
                  Flux<Long> ticks = Flux.interval(Duration.ofMillis(5));
                  if (req.requestHeaders().contains("content-type", "s2s/proto", true)) {
                    return res.header("content-type", "s2s/proto")
                        .send(
                            ticks
                                .map(i -> Unpooled.wrappedBuffer(frame(i)))
                                .doOnCancel(serverSawCancel::countDown));
                  }
                  return res.header("content-type", "text/event-stream")
                      .sendString(
                          ticks
                              .map(
                                  i ->
                                      "event: batch\ndata: {\"records\":[{\"seq_num\":"
                                          + i
                                          + ",\"timestamp\":0}]}\n\n")
                              .doOnCancel(serverSawCancel::countDown));
                })
            .bindNow();
    String endpoint = "http://127.0.0.1:" + server.port();
    try (S2Client client =
        S2Client.create(
            S2ClientOptions.builder().endpoints(endpoint, endpoint).transport(transport).build())) {
      StepVerifier.create(
              Flux.from(client.basin("my-basin").stream("s").read(ReadSpec.from(StartAt.seqNum(0))))
                  .take(3))
          .expectNextCount(3)
          .verifyComplete();
      assertThat(serverSawCancel.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      server.disposeNow();
    }
  }

  private static byte[] frame(long seq) {
    return S2sFrames.message(
        ProtoCodec.encode(
            ReadBatch.of(List.of(new SequencedRecord(seq, 0, List.of(), Bytes.EMPTY)))),
        Compression.NONE);
  }
}

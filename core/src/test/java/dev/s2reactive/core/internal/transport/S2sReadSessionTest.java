package dev.s2reactive.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import io.netty.buffer.Unpooled;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class S2sReadSessionTest {

  private static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(3)
          .minBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(5))
          .build();

  private static byte[] batchFrame(long from, long to) {
    List<SequencedRecord> records = new ArrayList<>();
    for (long i = from; i < to; i++) {
      records.add(new SequencedRecord(i, i, List.of(), Bytes.utf8("r" + i)));
    }
    return S2sFrames.message(ProtoCodec.encode(ReadBatch.of(records)), Compression.NONE);
  }

  private static S2Client client(ScriptedServer server) {
    return S2Client.create(
        S2ClientOptions.builder()
            .endpoints(server.endpoint(), server.endpoint())
            .retryPolicy(FAST)
            .build());
  }

  @Test
  void readsFramesOverHttp2AndResumesAfterReset() {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) -> {
                  res.header("content-type", "s2s/proto");
                  if (calls.incrementAndGet() == 1) {
                    return res.send(
                        Flux.just(Unpooled.wrappedBuffer(batchFrame(0, 2)))
                            .concatWith(Flux.error(new IllegalStateException("boom"))));
                  }
                  byte[] heartbeat =
                      S2sFrames.message(
                          ProtoCodec.encode(ReadBatch.heartbeat(new StreamPosition(4, 3))),
                          Compression.NONE);
                  return res.send(
                      Flux.just(
                          Unpooled.wrappedBuffer(batchFrame(2, 4)),
                          Unpooled.wrappedBuffer(heartbeat)));
                });
        S2Client client = client(server)) {
      StepVerifier.create(
              Flux.from(
                      client.basin("my-basin").stream("s")
                          .read(ReadSpec.from(StartAt.seqNum(0)).stopAtTail()))
                  .map(r -> r.body().utf8()))
          .expectNext("r0", "r1", "r2", "r3")
          .verifyComplete();
      assertThat(server.requests.get(0).headers()).containsEntry("content-type", "s2s/proto");
      assertThat(server.requests.get(1).uri()).isEqualTo("/v1/streams/s/records?seq_num=2&wait=0");
    }
  }

  @Test
  void terminalFrameIsATypedError() {
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) ->
                    res.header("content-type", "s2s/proto")
                        .send(
                            Flux.just(
                                Unpooled.wrappedBuffer(
                                    S2sFrames.terminal(
                                        400, "{\"code\":\"bad_query\",\"message\":\"nope\"}")))));
        S2Client client = client(server)) {
      StepVerifier.create(
              client.basin("my-basin").stream("s").read(ReadSpec.from(StartAt.seqNum(0))))
          .expectErrorSatisfies(e -> assertThat(((S2Exception) e).code()).isEqualTo("bad_query"))
          .verify(Duration.ofSeconds(5));
    }
  }

  @Test
  void aCancelledSessionLeavesItsSubscriberUnreachableWhileTheConnectionStaysPooled() {
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) ->
                    res.header("content-type", "s2s/proto")
                        .send(
                            Flux.<Long, Long>generate(
                                    () -> 0L,
                                    (i, sink) -> {
                                      sink.next(i);
                                      return i + 1;
                                    })
                                .map(i -> Unpooled.wrappedBuffer(batchFrame(i, i + 1))),
                            b -> true));
        HttpTransport transport =
            new HttpTransport(
                S2ClientOptions.builder()
                    .endpoints(server.endpoint(), server.endpoint())
                    .build())) {
      URI uri = URI.create(server.endpoint() + "/v1/streams/s/records?seq_num=0");
      WeakReference<Subscriber<ReadBatch>> subscriber = readOneThenCancel(transport, uri);

      // Reactor Netty keeps the last stream's acquisition on the open HTTP/2 connection
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (subscriber.get() != null) {
        assertThat(System.nanoTime()).as("subscriber collected").isLessThan(deadline);
        System.gc();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling interval
      }
    }
  }

  private static WeakReference<Subscriber<ReadBatch>> readOneThenCancel(
      HttpTransport transport, URI uri) {
    CountDownLatch first = new CountDownLatch(1);
    Subscription[] subscription = new Subscription[1];
    Subscriber<ReadBatch> subscriber =
        new Subscriber<>() {
          @Override
          public void onSubscribe(Subscription s) {
            subscription[0] = s;
            s.request(1);
          }

          @Override
          public void onNext(ReadBatch batch) {
            first.countDown();
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onComplete() {}
        };
    S2sReadSession.open(transport, uri, Map.of(), Duration.ofSeconds(20), "")
        .subscribe(subscriber);
    try {
      assertThat(first.await(10, TimeUnit.SECONDS)).as("first batch").isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    subscription[0].cancel();
    return new WeakReference<>(subscriber);
  }
}

package dev.s2reactive.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.ReadSession;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.SequencedRecord;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class SseReadSessionTest {

  private static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(3)
          .minBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(5))
          .build();

  private static String batch(long from, long to, boolean tail) {
    StringBuilder sb =
        new StringBuilder("event: batch\nid: ").append(to - 1).append(",0,0\ndata: {\"records\":[");
    for (long i = from; i < to; i++) {
      if (i > from) {
        sb.append(',');
      }
      sb.append("{\"seq_num\":")
          .append(i)
          .append(",\"timestamp\":")
          .append(i)
          .append(",\"body\":\"YQ==\"}");
    }
    sb.append(']');
    if (tail) {
      sb.append(",\"tail\":{\"seq_num\":")
          .append(to)
          .append(",\"timestamp\":")
          .append(to - 1)
          .append('}');
    }
    return sb.append("}\n\n").toString();
  }

  private static final String DONE = "data: [DONE]\n\n";

  private static S2Client client(ScriptedServer server) {
    return S2Client.create(
        S2ClientOptions.builder()
            .endpoints(server.endpoint(), server.endpoint())
            .retryPolicy(FAST)
            .transport(dev.s2reactive.core.TransportPreference.SSE)
            .build());
  }

  @Test
  void resumesAfterTheLastDeliveredRecordWithRemainingCount() {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) -> {
                  res.header("content-type", "text/event-stream");
                  return calls.incrementAndGet() == 1
                      ? res.sendString(Flux.just(batch(0, 2, false))) // ends without [DONE]
                      : res.sendString(Flux.just(batch(2, 5, false), DONE));
                });
        S2Client client = client(server)) {
      ReadSession read =
          client.basin("my-basin").stream("s").read(ReadSpec.from(StartAt.seqNum(0)).withCount(5));
      StepVerifier.create(Flux.from(read).map(SequencedRecord::seqNum))
          .expectNext(0L, 1L, 2L, 3L, 4L)
          .verifyComplete();
      assertThat(server.requests).hasSize(2);
      assertThat(server.requests.get(0).uri()).isEqualTo("/v1/streams/s/records?seq_num=0&count=5");
      assertThat(server.requests.get(0).headers())
          .containsEntry("accept", "text/event-stream")
          .containsEntry("s2-format", "base64")
          .containsEntry("s2-basin", "my-basin");
      assertThat(server.requests.get(1).uri()).isEqualTo("/v1/streams/s/records?seq_num=2&count=3");
      assertThat(read.nextSeqNum()).hasValue(5);
    }
  }

  @Test
  void reopensAfterHeartbeatSilenceAtTheResolvedTail() {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) -> {
                  res.header("content-type", "text/event-stream");
                  if (calls.incrementAndGet() == 1) {
                    String ping =
                        "event: ping\n"
                            + "data:"
                            + " {\"timestamp\":1,\"tail\":{\"seq_num\":10,\"timestamp\":9}}\n\n";
                    return res.sendString(Flux.just(ping).concatWith(Flux.never()));
                  }
                  return res.sendString(Flux.just(batch(10, 12, true), DONE));
                });
        S2Client client = client(server)) {
      ReadSession read =
          client.basin("my-basin").stream("s")
              .read(
                  ReadSpec.from(StartAt.tailOffset(0))
                      .withHeartbeatTimeout(Duration.ofMillis(300)));
      StepVerifier.create(Flux.from(read).map(SequencedRecord::seqNum))
          .expectNext(10L, 11L)
          .verifyComplete();
      assertThat(server.requests.get(1).uri()).isEqualTo("/v1/streams/s/records?seq_num=10");
      assertThat(read.isCaughtUp()).isTrue();
    }
  }

  @Test
  void errorEventFailsWithTypedError() {
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) ->
                    res.header("content-type", "text/event-stream")
                        .sendString(
                            Flux.just(
                                batch(0, 1, false),
                                "event: error\n"
                                    + "data: {\"code\":\"invalid\",\"message\":\"bad\"}\n\n")));
        S2Client client = client(server)) {
      StepVerifier.create(
              client.basin("my-basin").stream("s").read(ReadSpec.from(StartAt.seqNum(0))))
          .expectNextCount(1)
          .expectErrorSatisfies(e -> assertThat(((S2Exception) e).code()).isEqualTo("invalid"))
          .verify(Duration.ofSeconds(5));
    }
  }

  @Test
  void firstSession416IsAnError() {
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) ->
                    res.status(416)
                        .header("content-type", "application/json")
                        .sendString(
                            reactor.core.publisher.Mono.just(
                                "{\"tail\":{\"seq_num\":0,\"timestamp\":0}}")));
        S2Client client = client(server)) {
      StepVerifier.create(
              client.basin("my-basin").stream("s").read(ReadSpec.from(StartAt.seqNum(3))))
          .expectError(dev.s2reactive.core.error.RangeNotSatisfiableException.class)
          .verify(Duration.ofSeconds(5));
    }
  }

  @Test
  void reopensOnceWithAFreshTokenAfterAuthn() {
    AtomicInteger tokens = new AtomicInteger();
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) ->
                    "Bearer t2".equals(seen.headers().get("authorization"))
                        ? res.header("content-type", "text/event-stream")
                            .sendString(Flux.just(batch(0, 2, false), DONE))
                        : res.status(401)
                            .header("content-type", "application/json")
                            .sendString(
                                reactor.core.publisher.Mono.just(
                                    "{\"code\":\"authn\",\"message\":\"expired\"}")));
        S2Client client =
            S2Client.create(
                S2ClientOptions.builder()
                    .endpoints(server.endpoint(), server.endpoint())
                    .retryPolicy(FAST)
                    .transport(dev.s2reactive.core.TransportPreference.SSE)
                    .accessTokenSupplier(
                        () ->
                            java.util.concurrent.CompletableFuture.completedFuture(
                                "t" + tokens.incrementAndGet()))
                    .refreshTokenOnUnauthorized(true)
                    .build())) {
      StepVerifier.create(
              Flux.from(client.basin("my-basin").stream("s").read(ReadSpec.from(StartAt.seqNum(0))))
                  .map(SequencedRecord::seqNum))
          .expectNext(0L, 1L)
          .verifyComplete();
      assertThat(tokens.get()).isEqualTo(2);
    }
  }

  @Test
  void aServerThatNeverRespondsTimesOutAndIsRetried() {
    try (ScriptedServer server =
            new ScriptedServer((seen, res) -> reactor.core.publisher.Mono.never());
        S2Client client =
            S2Client.create(
                S2ClientOptions.builder()
                    .endpoints(server.endpoint(), server.endpoint())
                    .retryPolicy(FAST.mutate().maxAttempts(2).build())
                    .requestTimeout(Duration.ofMillis(300))
                    .transport(dev.s2reactive.core.TransportPreference.SSE)
                    .build())) {
      StepVerifier.create(
              client.basin("my-basin").stream("s").read(ReadSpec.from(StartAt.seqNum(0))))
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(S2Exception.class);
                assertThat(e).hasRootCauseInstanceOf(HeartbeatTimeoutException.class);
              })
          .verify(Duration.ofSeconds(10));
      assertThat(server.requests).hasSize(2);
    }
  }
}

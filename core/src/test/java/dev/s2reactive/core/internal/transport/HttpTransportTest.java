package dev.s2reactive.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.RangeNotSatisfiableException;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.StreamPosition;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class HttpTransportTest {

  private static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(3)
          .minBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(5))
          .build();

  private static S2Client client(ScriptedServer server, S2ClientOptions.Builder b) {
    return S2Client.create(b.endpoints(server.endpoint(), server.endpoint()).build());
  }

  private static S2ClientOptions.Builder options() {
    return S2ClientOptions.builder().retryPolicy(FAST).accessToken("secret");
  }

  @Test
  void checkTailSendsAuthBasinHeaderAndEncodedPath() {
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) ->
                    res.header("content-type", "application/json")
                        .sendString(Mono.just("{\"tail\":{\"seq_num\":7,\"timestamp\":9}}")));
        S2Client client = client(server, options())) {
      StepVerifier.create(client.basin("my-basin").stream("a/b c").checkTail())
          .expectNext(new StreamPosition(7, 9))
          .verifyComplete();
      ScriptedServer.Seen seen = server.requests.get(0);
      assertThat(seen.uri()).isEqualTo("/v1/streams/a%2Fb%20c/records/tail");
      assertThat(seen.headers()).containsEntry("authorization", "Bearer secret");
      assertThat(seen.headers()).containsEntry("s2-basin", "my-basin");
    }
  }

  @Test
  void retriesRetryableErrorsHonouringRetryAfter() {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) -> {
                  if (calls.incrementAndGet() < 3) {
                    return res.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                        .header("content-type", "application/json")
                        .header("retry-after-ms", "20")
                        .sendString(
                            Mono.just("{\"code\":\"server_draining\",\"message\":\"draining\"}"));
                  }
                  return res.header("content-type", "application/json")
                      .sendString(Mono.just("{\"tail\":{\"seq_num\":1,\"timestamp\":2}}"));
                });
        S2Client client = client(server, options())) {
      StepVerifier.create(client.basin("my-basin").stream("s").checkTail())
          .expectNext(new StreamPosition(1, 2))
          .verifyComplete();
      assertThat(calls.get()).isEqualTo(3);
    }
  }

  @Test
  void doesNotRetryAppendThatMayHaveBeenApplied() {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) -> {
                  calls.incrementAndGet();
                  return res.status(500)
                      .header("content-type", "application/json")
                      .sendString(Mono.just("{\"code\":\"storage\",\"message\":\"disk\"}"));
                });
        S2Client client = client(server, options())) {
      StepVerifier.create(
              client.basin("my-basin").stream("s").append(AppendInput.of(AppendRecord.of("x"))))
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(S2Exception.class);
                assertThat(((S2Exception) e).mayHaveBeenApplied()).isTrue();
                assertThat(((S2Exception) e).code()).isEqualTo("storage");
              })
          .verify();
      assertThat(calls.get()).isEqualTo(1);
    }
  }

  @Test
  void mapsConditionFailedAndRangeNotSatisfiable() {
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) ->
                    seen.method().equals("POST")
                        ? res.status(412)
                            .header("content-type", "application/json")
                            .sendString(Mono.just("{\"seq_num_mismatch\":5}"))
                        : res.status(416)
                            .header("content-type", "application/json")
                            .sendString(Mono.just("{\"tail\":{\"seq_num\":3,\"timestamp\":4}}")));
        S2Client client = client(server, options())) {
      var stream = client.basin("my-basin").stream("s");
      StepVerifier.create(stream.append(AppendInput.of(AppendRecord.of("x"))))
          .expectErrorSatisfies(
              e -> assertThat(((AppendConditionFailedException) e).nextSeqNum()).hasValue(5))
          .verify();
      StepVerifier.create(
              stream.readOnce(
                  dev.s2reactive.core.ReadSpec.from(dev.s2reactive.core.StartAt.seqNum(9))))
          .expectErrorSatisfies(
              e ->
                  assertThat(((RangeNotSatisfiableException) e).tail())
                      .isEqualTo(new StreamPosition(3, 4)))
          .verify();
      assertThat(server.requests.get(1).uri()).isEqualTo("/v1/streams/s/records?seq_num=9");
    }
  }

  @Test
  void refreshesTokenOnceAfterAuthn() {
    AtomicInteger tokens = new AtomicInteger();
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) ->
                    "Bearer t2".equals(seen.headers().get("authorization"))
                        ? res.status(204).send()
                        : res.status(401)
                            .header("content-type", "application/json")
                            .sendString(
                                Mono.just("{\"code\":\"authn\",\"message\":\"expired\"}")));
        S2Client client =
            client(
                server,
                S2ClientOptions.builder()
                    .retryPolicy(FAST)
                    .accessTokenSupplier(
                        () -> CompletableFuture.completedFuture("t" + tokens.incrementAndGet()))
                    .refreshTokenOnUnauthorized(true))) {
      StepVerifier.create(client.revokeAccessToken("tok/1")).verifyComplete();
      assertThat(tokens.get()).isEqualTo(2);
      assertThat(server.requests.get(0).uri()).isEqualTo("/v1/access-tokens/tok%2F1");
    }
  }

  @Test
  void createBasinSendsRequestTokenAndRetriesIdempotently() {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) -> {
                  if (calls.incrementAndGet() == 1) {
                    return res.status(500)
                        .header("content-type", "application/json")
                        .sendString(Mono.just("{\"code\":\"other\",\"message\":\"oops\"}"));
                  }
                  return res.status(201)
                      .header("content-type", "application/json")
                      .sendString(
                          Mono.just(
                              "{\"name\":\"my-basin-1\",\"location\":null,"
                                  + "\"created_at\":\"2026-01-01T00:00:00Z\",\"deleted_at\":null,"
                                  + "\"state\":\"active\"}"));
                });
        S2Client client = client(server, options())) {
      StepVerifier.create(
              client.createBasin(dev.s2reactive.core.model.CreateBasinRequest.of("my-basin-1")))
          .assertNext(info -> assertThat(info.name()).isEqualTo("my-basin-1"))
          .verifyComplete();
      String first = server.requests.get(0).headers().get("s2-request-token");
      assertThat(first).isNotBlank();
      assertThat(server.requests.get(1).headers().get("s2-request-token")).isEqualTo(first);
    }
  }

  @Test
  void compressesLargeRequestBodies() {
    try (ScriptedServer server =
            new ScriptedServer(
                (seen, res) ->
                    res.header("content-type", "application/json")
                        .sendString(
                            Mono.just(
                                "{\"start\":{\"seq_num\":0,\"timestamp\":0},"
                                    + "\"end\":{\"seq_num\":1,\"timestamp\":0},"
                                    + "\"tail\":{\"seq_num\":1,\"timestamp\":0}}")));
        S2Client client =
            client(server, options().compression(dev.s2reactive.core.Compression.GZIP))) {
      var stream = client.basin("my-basin").stream("s");
      StepVerifier.create(stream.append(AppendInput.of(AppendRecord.of("x".repeat(4096)))))
          .expectNextCount(1)
          .verifyComplete();
      StepVerifier.create(stream.append(AppendInput.of(AppendRecord.of("small"))))
          .expectNextCount(1)
          .verifyComplete();
      assertThat(server.requests.get(0).headers()).containsEntry("content-encoding", "gzip");
      assertThat(server.requests.get(1).headers()).doesNotContainKey("content-encoding");
    }
  }
}

package dev.s2reactive.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A response assembled on the event loop but sent after work finished on another thread (the
 * shape of {@code catalog.deleteBasin(..).then(HttpResponses.empty(..))}) is still sent from the
 * event loop: sending from a storage thread raced with the next keep-alive request and left a
 * DELETE unanswered.
 */
class HttpResponsesTest {

  private DisposableServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.disposeNow();
    }
  }

  @Test
  void sendAssembledOnTheEventLoopRunsThereWhenSubscribedFromAnotherThread() throws Exception {
    CompletableFuture<Void> work = new CompletableFuture<>();
    CountDownLatch arrived = new CountDownLatch(1);
    AtomicReference<String> sentFrom = new AtomicReference<>();
    AtomicReference<Boolean> sentOnLoop = new AtomicReference<>();
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> {
                  Mono<Void> send =
                      HttpResponses.onEventLoop(
                          response,
                          () -> {
                            sentFrom.set(Thread.currentThread().getName());
                            sentOnLoop.set(HttpResponses.eventLoop(response).inEventLoop());
                            return response.status(HttpResponseStatus.ACCEPTED).send().then();
                          });
                  arrived.countDown();
                  return Mono.fromFuture(work).then(send);
                })
            .bindNow();

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest delete =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/x"))
            .DELETE()
            .build();
    CompletableFuture<HttpResponse<String>> answered =
        client.sendAsync(delete, HttpResponse.BodyHandlers.ofString());
    assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
    work.complete(null); // continues the route on this (test) thread

    assertThat(answered.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    assertThat(sentOnLoop.get()).as("sent from %s", sentFrom.get()).isTrue();
    // The keep-alive connection still answers the next request.
    assertThat(client.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(202);
  }
}

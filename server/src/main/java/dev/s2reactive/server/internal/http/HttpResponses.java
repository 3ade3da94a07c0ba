package dev.s2reactive.server.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Whole-body responses, always started on the connection's event loop. Routes often have their
 * answer on another thread (the engine's, a storage writer's); completing an HTTP/1.1 response from
 * there races with the next request on the same keep-alive connection, which then goes unanswered
 * (observed with the JDK client). Stateless.
 */
public final class HttpResponses {

  public static final String JSON = "application/json";

  private HttpResponses() {}

  /** Sends {@code body} with a content type and length. */
  public static Mono<Void> send(
      HttpServerResponse response, HttpResponseStatus status, String contentType, byte[] body) {
    return onEventLoop(
        response,
        () ->
            response
                .status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .send(Mono.just(Unpooled.wrappedBuffer(body)))
                .then());
  }

  /** Sends a JSON body. */
  public static Mono<Void> json(HttpServerResponse response, HttpResponseStatus status, byte[] json) {
    return send(response, status, JSON, json);
  }

  /** Sends a response without a body (202, 204). */
  public static Mono<Void> empty(HttpServerResponse response, HttpResponseStatus status) {
    return onEventLoop(response, () -> response.status(status).send().then());
  }

  /**
   * Runs {@code send} on the connection's event loop (directly when already there). The thread is
   * checked on subscription, not here: a route assembles {@code work.then(empty(...))} on the event
   * loop but subscribes to the send from whichever thread finished the work.
   */
  public static Mono<Void> onEventLoop(HttpServerResponse response, Supplier<Mono<Void>> send) {
    return Mono.defer(
        () -> {
          EventLoop loop = eventLoop(response);
          if (loop == null || loop.inEventLoop()) {
            return send.get();
          }
          return Mono.defer(send).subscribeOn(Schedulers.fromExecutor(loop));
        });
  }

  /** The event loop of the response's connection; null when it has none (closed). */
  public static EventLoop eventLoop(HttpServerResponse response) {
    Channel channel = channel(response);
    return channel == null ? null : channel.eventLoop();
  }

  /** The channel of the response's connection (an HTTP/2 stream's own); null when closed. */
  public static Channel channel(HttpServerResponse response) {
    Channel[] channel = new Channel[1];
    response.withConnection(connection -> channel[0] = connection.channel());
    return channel[0];
  }
}

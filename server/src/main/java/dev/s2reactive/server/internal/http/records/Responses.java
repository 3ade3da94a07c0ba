package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.json.ErrorResponse;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.server.internal.http.ErrorResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Whole-body responses of the records endpoints, and their errors: {@code ErrorInfo}, or the 412
 * {@code AppendConditionFailed} and 416 {@code TailResponse} bodies (protocol §10). Stateless.
 */
final class Responses {

  static final String CACHE_CONTROL = "no-cache, no-transform";

  private Responses() {}

  static Mono<Void> send(HttpServerResponse response, int status, String contentType, byte[] body) {
    return onEventLoop(response, () -> response
        .status(HttpResponseStatus.valueOf(status))
        .header(HttpHeaderNames.CONTENT_TYPE, contentType)
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
        .send(Mono.just(Unpooled.wrappedBuffer(body)))
        .then());
  }

  /**
   * Starts sending on the connection's event loop. Responses are often ready on an engine thread;
   * completing an HTTP/1.1 response from there races with the next request on the same keep-alive
   * connection (observed with the JDK client: the next request is never answered).
   */
  static Mono<Void> onEventLoop(HttpServerResponse response, Supplier<Mono<Void>> send) {
    EventLoop[] loop = new EventLoop[1];
    response.withConnection(connection -> loop[0] = connection.channel().eventLoop());
    if (loop[0] == null || loop[0].inEventLoop()) {
      return Mono.defer(send);
    }
    return Mono.defer(send).subscribeOn(Schedulers.fromExecutor(loop[0]));
  }

  static Mono<Void> json(HttpServerResponse response, byte[] body) {
    return send(response, 200, MediaTypes.JSON, body);
  }

  /** The error response, or the error itself once the response has started (nothing to add). */
  static Mono<Void> error(HttpServerResponse response, Throwable error) {
    if (response.hasSentHeaders()) {
      return Mono.error(error);
    }
    ErrorResponse rendered = render(error);
    return send(response, rendered.status(), MediaTypes.JSON, rendered.body());
  }

  /** Status and JSON body reporting {@code error}; unknown failures are 500 {@code other}. */
  static ErrorResponse render(Throwable error) {
    S2Exception s2 = ErrorResponses.toS2(error);
    return S2Json.errorResponse(s2);
  }
}

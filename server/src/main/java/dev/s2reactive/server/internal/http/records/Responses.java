package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.core.internal.codec.json.ErrorResponse;
import dev.s2reactive.server.internal.http.ErrorResponses;
import dev.s2reactive.server.internal.http.HttpResponses;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Whole-body responses of the records endpoints, and their errors: {@code ErrorInfo}, or the 412
 * {@code AppendConditionFailed} and 416 {@code TailResponse} bodies (protocol §10). Stateless.
 */
final class Responses {

  static final String CACHE_CONTROL = "no-cache, no-transform";

  private Responses() {}

  static Mono<Void> send(HttpServerResponse response, int status, String contentType, byte[] body) {
    return HttpResponses.send(response, HttpResponseStatus.valueOf(status), contentType, body);
  }

  static Mono<Void> onEventLoop(HttpServerResponse response, Supplier<Mono<Void>> send) {
    return HttpResponses.onEventLoop(response, send);
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
    return ErrorResponses.render(error);
  }
}

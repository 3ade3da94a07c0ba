package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.server.internal.http.HttpResponses;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Whole-body success responses of the records endpoints; errors go through {@link
 * dev.s2reactive.server.internal.http.ErrorResponses}. Stateless.
 */
final class Responses {

  static final String CACHE_CONTROL = "no-cache, no-transform";

  private Responses() {}

  static Mono<Void> send(HttpServerResponse response, int status, String contentType, byte[] body) {
    return HttpResponses.send(response, HttpResponseStatus.valueOf(status), contentType, body);
  }

  static Mono<Void> json(HttpServerResponse response, byte[] body) {
    return send(response, 200, MediaTypes.JSON, body);
  }
}

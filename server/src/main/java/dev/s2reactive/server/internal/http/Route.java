package dev.s2reactive.server.internal.http;

import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Handles one matched request. Runs on a Netty event loop: it must not block. Errors signalled by
 * the returned publisher (or thrown) are rendered by {@link ErrorResponses}.
 */
@FunctionalInterface
public interface Route {
  Publisher<Void> handle(
      HttpServerRequest request, HttpServerResponse response, Map<String, String> pathParams);
}

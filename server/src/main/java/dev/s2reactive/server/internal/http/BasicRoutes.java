package dev.s2reactive.server.internal.http;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * Routes that need no storage: health checks, and the endpoints the reference server does not
 * implement (metrics and locations answer 501 {@code not_implemented}, protocol §3).
 */
public final class BasicRoutes {

  private static final String PROMETHEUS_UP =
      "# HELP s2r_up Whether the server is up.\n# TYPE s2r_up gauge\ns2r_up 1\n";

  private BasicRoutes() {}

  public static void register(Router.Builder routes) {
    Route ok =
        (request, response, params) ->
            response
                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .sendString(Mono.just("OK"))
                .then();
    routes.route(HttpMethod.GET, "/health", ok).route(HttpMethod.GET, "/ping", ok);

    // Prometheus text at the root (protocol §1.4), outside /v1 and without auth, like lite.
    Route metrics =
        (request, response, params) ->
            response
                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4")
                .sendString(Mono.just(PROMETHEUS_UP))
                .then();
    routes.route(HttpMethod.GET, "/metrics", metrics);

    Route notImplemented =
        (request, response, params) ->
            Mono.error(S2Exception.of(ErrorCode.NOT_IMPLEMENTED, "Not implemented"));
    routes
        .route(HttpMethod.GET, "/v1/metrics", notImplemented)
        .route(HttpMethod.GET, "/v1/metrics/{basin}", notImplemented)
        .route(HttpMethod.GET, "/v1/metrics/{basin}/{stream}", notImplemented)
        .route(HttpMethod.GET, "/v1/locations", notImplemented)
        .route(HttpMethod.GET, "/v1/locations/default", notImplemented)
        .route(HttpMethod.PUT, "/v1/locations/default", notImplemented);
  }
}

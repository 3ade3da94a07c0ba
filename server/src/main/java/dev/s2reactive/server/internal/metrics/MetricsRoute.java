package dev.s2reactive.server.internal.metrics;

import dev.s2reactive.server.internal.http.Route;
import dev.s2reactive.server.internal.http.Router;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /metrics}: every meter in Prometheus text format 0.0.4. Served at the root (not under
 * {@code /v1}) and without authentication, like {@code /health}. Rendering runs on a bounded
 * scheduler, never on the event loop, because gauges may read storage properties.
 */
public final class MetricsRoute {

  /** The path Prometheus scrapes. */
  public static final String PATH = "/metrics";

  private MetricsRoute() {}

  public static void register(Router.Builder routes, PrometheusServerMetrics metrics) {
    Route scrape =
        (request, response, params) ->
            Mono.fromCallable(metrics::scrape)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(text -> response
                    .header(HttpHeaderNames.CONTENT_TYPE, PrometheusServerMetrics.CONTENT_TYPE)
                    .sendString(Mono.just(text))
                    .then());
    routes.route(HttpMethod.GET, PATH, scrape);
  }
}

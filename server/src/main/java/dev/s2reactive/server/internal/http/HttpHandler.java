package dev.s2reactive.server.internal.http;

import dev.s2reactive.server.internal.metrics.HttpRouteMeter;
import dev.s2reactive.server.internal.metrics.ServerMetrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The server's single request handler: CORS, routing, and turning every failure into an S2 error
 * response. Unknown paths get 404 and known paths with another method 405, both with an empty body
 * (protocol §2, "Unknown routes"). Every request is counted and timed per route template (unknown
 * paths under one {@code unmatched} template, CORS preflights under {@code preflight}).
 *
 * <p>With a request log, each finished request also becomes one JSON line: time, method, route
 * template, status and duration. Only those fields: never a header (so no token), a query or a
 * path parameter.
 */
public final class HttpHandler
    implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

  private final Router router;
  private final boolean cors;
  private final HttpRouteMeter[] routeMeters;
  private final HttpRouteMeter unmatched;
  private final HttpRouteMeter preflight;

  public HttpHandler(Router router, boolean cors) {
    this(router, cors, ServerMetrics.NOOP);
  }

  public HttpHandler(Router router, boolean cors, ServerMetrics metrics) {
    this(router, cors, metrics, null);
  }

  /** @param requestLog receives one JSON line per finished request; null for none */
  public HttpHandler(
      Router router, boolean cors, ServerMetrics metrics, Consumer<String> requestLog) {
    this.router = router;
    this.cors = cors;
    List<Router.Template> templates = router.templates();
    this.routeMeters = new HttpRouteMeter[templates.size()];
    for (int i = 0; i < routeMeters.length; i++) {
      Router.Template t = templates.get(i);
      routeMeters[i] = logged(metrics.httpRoute(t.method().name(), t.pattern()),
          t.method().name(), t.pattern(), requestLog);
    }
    this.unmatched = logged(metrics.httpRoute("OTHER", "unmatched"), "OTHER", "unmatched",
        requestLog);
    this.preflight = logged(metrics.httpRoute("OPTIONS", "preflight"), "OPTIONS", "preflight",
        requestLog);
  }

  private static HttpRouteMeter logged(
      HttpRouteMeter meter, String method, String template, Consumer<String> requestLog) {
    if (requestLog == null) {
      return meter;
    }
    // Method and template come from the route table: fixed strings without quotes to escape.
    String prefix = "\",\"method\":\"" + method + "\",\"route\":\"" + template + "\",\"status\":";
    return (status, nanos) -> {
      meter.record(status, nanos);
      requestLog.accept("{\"time\":\"" + Instant.now() + prefix + status
          + ",\"duration_ms\":" + String.format(Locale.ROOT, "%.3f", nanos / 1e6) + "}");
    };
  }

  @Override
  public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
    long start = System.nanoTime();
    if (cors) {
      if (Cors.isPreflight(request)) {
        Cors.preflight(request, response);
        return timed(response.send(), preflight, response, start);
      }
      Cors.addHeaders(request, response);
    }
    HttpRouteMeter meter = unmatched;
    try {
      String uri = request.uri();
      int query = uri.indexOf('?');
      Router.Match match = router.match(request.method(), query < 0 ? uri : uri.substring(0, query));
      if (match instanceof Router.Found found) {
        meter = routeMeters[found.index()];
        Mono<Void> handled =
            Mono.defer(() -> Mono.from(found.route().handle(request, response, found.params())))
                .onErrorResume(error -> Mono.from(ErrorResponses.send(response, error)));
        return timed(handled, meter, response, start);
      }
      HttpResponseStatus status =
          match instanceof Router.MethodNotAllowed
              ? HttpResponseStatus.METHOD_NOT_ALLOWED
              : HttpResponseStatus.NOT_FOUND;
      return timed(response.status(status).send(), meter, response, start);
    } catch (RuntimeException e) {
      return timed(ErrorResponses.send(response, e), meter, response, start);
    }
  }

  private static Mono<Void> timed(
      Publisher<Void> handled, HttpRouteMeter meter, HttpServerResponse response, long start) {
    return Mono.from(handled)
        .doFinally(signal -> meter.record(response.status().code(), System.nanoTime() - start));
  }
}

package dev.s2reactive.server.internal.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The server's single request handler: CORS, routing, and turning every failure into an S2 error
 * response. Unknown paths get 404 and known paths with another method 405, both with an empty body
 * (protocol §2, "Unknown routes").
 */
public final class HttpHandler
    implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

  private final Router router;
  private final boolean cors;

  public HttpHandler(Router router, boolean cors) {
    this.router = router;
    this.cors = cors;
  }

  @Override
  public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
    if (cors) {
      if (Cors.isPreflight(request)) {
        Cors.preflight(request, response);
        return response.send();
      }
      Cors.addHeaders(request, response);
    }
    try {
      String uri = request.uri();
      int query = uri.indexOf('?');
      Router.Match match = router.match(request.method(), query < 0 ? uri : uri.substring(0, query));
      if (match instanceof Router.Found found) {
        return Mono.defer(() -> Mono.from(found.route().handle(request, response, found.params())))
            .onErrorResume(error -> Mono.from(ErrorResponses.send(response, error)));
      }
      HttpResponseStatus status =
          match instanceof Router.MethodNotAllowed
              ? HttpResponseStatus.METHOD_NOT_ALLOWED
              : HttpResponseStatus.NOT_FOUND;
      return response.status(status).send();
    } catch (RuntimeException e) {
      return ErrorResponses.send(response, e);
    }
  }
}

package dev.s2reactive.server.internal.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Permissive CORS, so that a web page on another origin can read a stream with a bearer token
 * (protocol §1.4: lite sends permissive CORS headers unless {@code --no-cors}).
 */
final class Cors {

  private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
  private static final String EXPOSED_HEADERS = "s2-provision-result, content-type";

  private Cors() {}

  static boolean isPreflight(HttpServerRequest request) {
    return request.method().name().equals("OPTIONS")
        && request.requestHeaders().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
  }

  static void addHeaders(HttpServerRequest request, HttpServerResponse response) {
    String origin = request.requestHeaders().get(HttpHeaderNames.ORIGIN);
    response.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin == null ? "*" : origin);
    if (origin != null) {
      response.header(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
    response.header(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
  }

  static void preflight(HttpServerRequest request, HttpServerResponse response) {
    addHeaders(request, response);
    String requested = request.requestHeaders().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
    response
        .status(HttpResponseStatus.NO_CONTENT)
        .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
        .header(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
    if (requested != null) {
      response.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested);
    }
  }
}

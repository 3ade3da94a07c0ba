package dev.s2reactive.samples.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Serves the browser page on its own port (a different origin from the S2 server, so the page
 * reads cross-origin with CORS, as a real deployment would): the static files of {@code
 * samples/web}, a generated {@code /config.js} holding the S2 endpoint and read-only token, and
 * {@code POST /demo/restart}, which restarts the S2 server so the page can show its reconnection.
 * Only the named files are served; nothing else of the directory is reachable.
 */
final class PageServer implements AutoCloseable {

  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "s2-sse.js", "text/javascript; charset=utf-8",
          "style.css", "text/css; charset=utf-8");

  private final DisposableServer http;

  PageServer(String host, int port, Path webDir, Supplier<String> configJs, Runnable restart) {
    this.http =
        HttpServer.create()
            .host(host)
            .port(port)
            .route(
                routes -> {
                  routes.get("/", (req, res) -> file(res, webDir, "index.html"));
                  routes.get("/config.js", (req, res) -> text(res, "text/javascript", configJs));
                  routes.post(
                      "/demo/restart",
                      (req, res) ->
                          Mono.fromRunnable(restart)
                              .subscribeOn(Schedulers.boundedElastic())
                              .then(res.status(HttpResponseStatus.NO_CONTENT).send()));
                  for (String name : FILES.keySet()) {
                    routes.get("/" + name, (req, res) -> file(res, webDir, name));
                  }
                })
            .bindNow();
  }

  URI url() {
    InetSocketAddress address = (InetSocketAddress) http.address();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
  }

  private static Mono<Void> file(HttpServerResponse res, Path webDir, String name) {
    Path path = webDir.resolve(name);
    if (!Files.isRegularFile(path)) {
      return res.status(HttpResponseStatus.NOT_FOUND).send().then();
    }
    return res.header(HttpHeaderNames.CONTENT_TYPE, FILES.get(name))
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendFile(path)
        .then();
  }

  private static Mono<Void> text(HttpServerResponse res, String type, Supplier<String> body) {
    return res.header(HttpHeaderNames.CONTENT_TYPE, type + "; charset=utf-8")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendString(Mono.fromSupplier(body))
        .then();
  }

  @Override
  public void close() {
    http.disposeNow();
  }
}

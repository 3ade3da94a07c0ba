package dev.s2reactive.core.internal.transport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** A loopback HTTP server whose responses a test scripts; records every request it saw. */
final class ScriptedServer implements AutoCloseable {

  record Seen(String method, String uri, Map<String, String> headers, String body) {}

  final List<Seen> requests = new CopyOnWriteArrayList<>();
  private final DisposableServer server;

  ScriptedServer(BiFunction<Seen, HttpServerResponse, Publisher<Void>> script) {
    this.server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
            .handle((req, res) -> handle(req, res, script))
            .bindNow();
  }

  private Publisher<Void> handle(
      HttpServerRequest req,
      HttpServerResponse res,
      BiFunction<Seen, HttpServerResponse, Publisher<Void>> script) {
    return req.receive()
        .aggregate()
        .asString()
        .defaultIfEmpty("")
        .flatMap(
            body -> {
              Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
              req.requestHeaders().forEach(e -> headers.put(e.getKey(), e.getValue()));
              Seen seen = new Seen(req.method().name(), req.uri(), headers, body);
              requests.add(seen);
              return reactor.core.publisher.Mono.from(script.apply(seen, res));
            });
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}

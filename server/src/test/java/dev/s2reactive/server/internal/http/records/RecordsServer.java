package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.server.internal.auth.Principal;
import dev.s2reactive.server.internal.catalog.AutoCreate;
import dev.s2reactive.server.internal.engine.ActiveStream;
import dev.s2reactive.server.internal.engine.EngineOptions;
import dev.s2reactive.server.internal.engine.StreamEngine;
import dev.s2reactive.server.internal.engine.StreamSettings;
import dev.s2reactive.server.internal.http.HttpHandler;
import dev.s2reactive.server.internal.http.Router;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server with only the records routes: in-memory storage, an engine with a short
 * heartbeat, and a resolver with two basins — {@value #BASIN} creates streams on append and read,
 * {@value #STRICT_BASIN} only knows streams made with {@link #create}. Principals allow
 * everything except the operations listed in the {@code x-deny} request header.
 */
final class RecordsServer implements AutoCloseable {

  static final String BASIN = "test-basin";
  static final String STRICT_BASIN = "strict-basin";
  static final long HEARTBEAT_MILLIS = 300;

  final InMemoryStorage storage = new InMemoryStorage();
  final StreamEngine engine;
  final DisposableServer http;
  private final Map<String, Long> ids = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);

  RecordsServer() {
    EngineOptions options = EngineOptions.defaults()
        .withHeartbeatIntervalMillis(() -> HEARTBEAT_MILLIS)
        .withRetentionInterval(Duration.ZERO);
    engine = new StreamEngine(storage, options);
    Router.Builder routes = Router.builder();
    RecordRoutes.register(routes, this::resolve, request -> new TestPrincipal(
        Optional.ofNullable(request.requestHeaders().get("x-deny")).orElse("")));
    http = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
        // The JDK client upgrades to h2c on its first request, which may be a POST with a body.
        .httpRequestDecoder(spec -> spec.h2cMaxContentLength(RecordRoutes.DEFAULT_MAX_BODY_BYTES))
        .handle(new HttpHandler(routes.build(), true))
        .bindNow();
  }

  int port() {
    return ((InetSocketAddress) http.address()).getPort();
  }

  String base() {
    return "http://127.0.0.1:" + port();
  }

  ActiveStream create(String basin, String stream) {
    long id = ids.computeIfAbsent(basin + "/" + stream, k -> nextId.getAndIncrement());
    return engine.open(id, StreamSettings.DEFAULTS);
  }

  private Mono<ActiveStream> resolve(String basin, String stream, AutoCreate mode) {
    if (!Set.of(BASIN, STRICT_BASIN).contains(basin)) {
      return Mono.error(S2Exception.of(ErrorCode.BASIN_NOT_FOUND, "basin `" + basin + "` not found"));
    }
    Long id = ids.get(basin + "/" + stream);
    if (id != null) {
      return Mono.just(engine.open(id, StreamSettings.DEFAULTS));
    }
    if (basin.equals(BASIN) && mode != AutoCreate.NEVER) {
      return Mono.just(create(basin, stream));
    }
    return Mono.error(S2Exception.of(
        ErrorCode.STREAM_NOT_FOUND, "stream `" + stream + "` in basin `" + basin + "` not found"));
  }

  @Override
  public void close() {
    http.disposeNow(Duration.ofSeconds(5));
    engine.close();
    storage.close();
  }

  /** Allows every operation not named (by wire name, comma-separated) in {@code denied}. */
  private record TestPrincipal(String denied) implements Principal {

    private void check(Operation operation) {
      for (String name : denied.split(",")) {
        if (name.strip().equals(operation.wireName())) {
          throw S2Exception.of(ErrorCode.PERMISSION_DENIED, "operation not permitted: " + name);
        }
      }
    }

    @Override
    public void checkAccount(Operation operation) {
      check(operation);
    }

    @Override
    public void checkBasin(Operation operation, String basin) {
      check(operation);
    }

    @Override
    public String checkStream(Operation operation, String basin, String stream) {
      check(operation);
      return stream;
    }

    @Override
    public void checkAccessToken(Operation operation, String tokenId) {
      check(operation);
    }

    @Override
    public boolean canSeeBasin(String basin) {
      return true;
    }

    @Override
    public Optional<String> visibleStreamName(String storedName) {
      return Optional.of(storedName);
    }

    @Override
    public String storedStreamPrefix(String requestedPrefix) {
      return requestedPrefix;
    }
  }
}

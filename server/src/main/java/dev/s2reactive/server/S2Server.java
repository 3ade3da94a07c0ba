package dev.s2reactive.server;

import dev.s2reactive.server.internal.CatalogEngineBridge;
import dev.s2reactive.server.internal.StreamSweeper;
import dev.s2reactive.server.internal.auth.AccessTokens;
import dev.s2reactive.server.internal.auth.Authenticator;
import dev.s2reactive.server.internal.auth.RootToken;
import dev.s2reactive.server.internal.catalog.Catalog;
import dev.s2reactive.server.internal.engine.EngineOptions;
import dev.s2reactive.server.internal.engine.StreamEngine;
import dev.s2reactive.server.internal.http.AccessTokenRoutes;
import dev.s2reactive.server.internal.http.BasicRoutes;
import dev.s2reactive.server.internal.http.ConnectionGuard;
import dev.s2reactive.server.internal.http.HttpLimits;
import dev.s2reactive.server.internal.http.HttpHandler;
import dev.s2reactive.server.internal.http.MalformedRequestHeads;
import dev.s2reactive.server.internal.http.ManagementRoutes;
import dev.s2reactive.server.internal.http.OpenConnections;
import dev.s2reactive.server.internal.http.RequestBodies;
import dev.s2reactive.server.internal.http.ResponseCompression;
import dev.s2reactive.server.internal.http.Router;
import dev.s2reactive.server.internal.http.records.RecordRoutes;
import dev.s2reactive.server.internal.metrics.MetricsRoute;
import dev.s2reactive.server.internal.metrics.PrometheusServerMetrics;
import dev.s2reactive.server.internal.storage.Storage;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import dev.s2reactive.server.internal.storage.rocksdb.RocksDbStorage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * An embedded S2-compatible server listening on a real port, serving HTTP/1.1 and h2c (HTTP/2
 * with prior knowledge) on the same socket, backed by RocksDB in a data directory or by memory.
 *
 * <p>Start one with {@link #builder()}; {@link #close()} stops accepting, drains open sessions
 * for up to {@link Builder#DEFAULT_DRAIN_TIMEOUT}, then closes storage. Thread-safe.
 */
public final class S2Server implements AutoCloseable {

  private final DisposableServer http;
  private final OpenConnections connections;
  private final StreamSweeper sweeper;
  private final StreamEngine engine;
  private final Storage storage;
  private final Optional<String> rootToken;
  private final Duration drainTimeout;

  private S2Server(
      DisposableServer http,
      OpenConnections connections,
      StreamSweeper sweeper,
      StreamEngine engine,
      Storage storage,
      Optional<String> rootToken,
      Duration drainTimeout) {
    this.http = http;
    this.connections = connections;
    this.sweeper = sweeper;
    this.engine = engine;
    this.storage = storage;
    this.rootToken = rootToken;
    this.drainTimeout = drainTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) http.address()).getPort();
  }

  /** The host the server listens on. */
  public String host() {
    return ((InetSocketAddress) http.address()).getHostString();
  }

  /** {@code http://host:port}, usable as both the account and the basin endpoint. */
  public URI endpoint() {
    return URI.create("http://" + host() + ":" + port());
  }

  /**
   * The secret of the root token (full scope), or empty when auth is off. With a data directory
   * it is also in {@code <data-dir>/root-token}; empty too if that token was revoked.
   */
  public Optional<String> rootToken() {
    return rootToken;
  }

  /**
   * Stops accepting connections, ends open read and append sessions with a retryable 503 {@code
   * server_draining} (append sessions after acknowledging what they submitted), waits up to the
   * drain timeout for requests in progress, and closes storage.
   */
  @Override
  public void close() {
    sweeper.close();
    // Sessions end first with a retryable 503 server_draining, so that they are not what the
    // graceful shutdown below waits for until the drain timeout.
    engine.drain();
    connections.settle(Duration.ofSeconds(1));
    try {
      http.disposeNow(drainTimeout);
    } finally {
      connections.closeAll(drainTimeout);
      engine.close();
      storage.close();
    }
  }

  /**
   * Hostile-input protection (protocol §2: malformed HTTP gets a 4xx, never a 5xx): an oversized
   * request line or header block is answered 414 / 431 with an S2 error body ({@link
   * MalformedRequestHeads}); idle connections and trickled request heads are closed by {@link
   * ConnectionGuard}. No request timeout: read and append sessions may last forever (unary bodies
   * have their own, in {@link RequestBodies}). Unary responses over 1 KiB are compressed per {@code
   * Accept-Encoding} ({@link ResponseCompression}).
   */
  private static HttpServer withLimits(
      HttpServer server, HttpLimits limits, OpenConnections connections) {
    return ResponseCompression.enable(server)
        .httpRequestDecoder(
            decoder ->
                decoder
                    .maxInitialLineLength(limits.maxInitialLineLength())
                    .maxHeaderSize(limits.maxHeaderSize())
                    // A client's first request may be an h2c upgrade carrying a body (an
                    // append): the upgrade handler must accept bodies as large as the routes do.
                    .h2cMaxContentLength(RecordRoutes.DEFAULT_MAX_BODY_BYTES))
        .http2Settings(settings -> settings.maxHeaderListSize(limits.maxHeaderSize()))
        .doOnChannelInit(
            (observer, channel, address) -> {
              connections.add(channel);
              ConnectionGuard.install(channel.pipeline(), limits);
              MalformedRequestHeads.install(channel.pipeline(), limits);
            });
  }

  /** Configures and starts an {@link S2Server}. Not thread-safe; build on one thread. */
  public static final class Builder {

    /** Default listen address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default port: 0, any free port (see {@link S2Server#port()}). */
    public static final int DEFAULT_PORT = 0;
    /** How long {@link S2Server#close()} waits for open sessions by default. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private boolean cors = true;
    private boolean auth = true;
    private Path dataDirectory;
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    private EngineOptions engineOptions = EngineOptions.defaults();
    private HttpLimits httpLimits = HttpLimits.defaults();
    private Executor cleanupExecutor;
    private Consumer<String> requestLog;

    private Builder() {}

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** Whether to send permissive CORS headers (default true). */
    public Builder cors(boolean cors) {
      this.cors = cors;
      return this;
    }

    /**
     * Whether to require access tokens (default true). Off is emulator mode: every request is
     * allowed, as with the reference server.
     */
    public Builder auth(boolean auth) {
      this.auth = auth;
      return this;
    }

    /**
     * Keep streams durably in RocksDB under {@code directory} (created if missing). Without it
     * (the default) the server keeps everything in memory and loses it on close.
     */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Keep everything in memory (the default). */
    public Builder inMemory() {
      this.dataDirectory = null;
      return this;
    }

    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
      return this;
    }

    /** Engine tuning and test hooks (heartbeat interval, clock, bounds). */
    public Builder engineOptions(EngineOptions engineOptions) {
      this.engineOptions = Objects.requireNonNull(engineOptions, "engineOptions");
      return this;
    }

    /**
     * Logs every finished request as one JSON line ({@code time}, {@code method}, {@code route}
     * template, {@code status}, {@code duration_ms}) to {@code lines}, called on the event loop
     * (so it must not block for long). No header, query or path parameter is logged, so neither
     * tokens nor stream names appear. Off by default.
     */
    public Builder requestLog(Consumer<String> lines) {
      this.requestLog = Objects.requireNonNull(lines, "lines");
      return this;
    }

    /** HTTP hostile-input limits and timeouts (tests shorten them). */
    Builder httpLimits(HttpLimits httpLimits) {
      this.httpLimits = Objects.requireNonNull(httpLimits, "httpLimits");
      return this;
    }

    /** Runs basin and stream deletion clean-ups (tests hold them back to observe deleted_at). */
    Builder cleanupExecutor(Executor cleanupExecutor) {
      this.cleanupExecutor = Objects.requireNonNull(cleanupExecutor, "cleanupExecutor");
      return this;
    }

    /**
     * Opens storage, loads metadata, binds the port and starts serving; blocks until the socket
     * is bound.
     */
    public S2Server start() {
      PrometheusServerMetrics metrics = new PrometheusServerMetrics();
      Storage storage = dataDirectory == null
          ? new InMemoryStorage()
          : RocksDbStorage.open(dataDirectory, metrics);
      StreamEngine engine = null;
      try {
        engine = new StreamEngine(storage, engineOptions, metrics);
        CatalogEngineBridge bridge = new CatalogEngineBridge(engine);
        Catalog catalog =
            Catalog.load(
                storage,
                bridge,
                cleanupExecutor == null ? ForkJoinPool.commonPool() : cleanupExecutor,
                engineOptions.clock().toClock());
        bridge.attach(catalog);

        AccessTokens tokens = AccessTokens.load(storage, Clock.systemUTC());
        Optional<String> rootToken =
            auth
                ? RootToken.bootstrap(tokens, storage, Optional.ofNullable(dataDirectory))
                : Optional.empty();
        Authenticator authenticator =
            auth ? Authenticator.enabled(tokens) : Authenticator.disabled();

        Router.Builder routes = Router.builder();
        BasicRoutes.register(routes);
        RequestBodies bodies = new RequestBodies(httpLimits.unaryBodyTimeout());
        ManagementRoutes.register(
            routes,
            catalog,
            request -> Mono.fromCallable(() -> authenticator.authenticate(request)),
            bodies);
        AccessTokenRoutes.register(routes, authenticator, tokens, bodies);
        RecordRoutes.register(
            routes,
            bridge::resolve,
            authenticator::authenticate,
            bodies,
            RecordRoutes.DEFAULT_MAX_BODY_BYTES);
        MetricsRoute.register(routes, metrics);
        HttpHandler handler = new HttpHandler(routes.build(), cors, metrics, requestLog);

        OpenConnections connections = new OpenConnections();
        DisposableServer http =
            withLimits(HttpServer.create(), httpLimits, connections)
                .host(host)
                .port(port)
                .protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
                .handle(handler)
                .bindNow();
        http.onDispose(metrics::close);
        // Retention and delete-on-empty over every stream, every engineOptions.retentionInterval().
        StreamSweeper sweeper = StreamSweeper.start(catalog, engine);
        return new S2Server(http, connections, sweeper, engine, storage, rootToken, drainTimeout);
      } catch (RuntimeException e) {
        if (engine != null) {
          engine.close();
        }
        storage.close();
        metrics.close();
        throw e;
      }
    }
  }
}

package dev.s2reactive.server;

import dev.s2reactive.server.internal.http.BasicRoutes;
import dev.s2reactive.server.internal.http.HttpHandler;
import dev.s2reactive.server.internal.http.Router;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * An embedded S2-compatible server listening on a real port, serving HTTP/1.1 and h2c (HTTP/2
 * with prior knowledge) on the same socket.
 *
 * <p>Start one with {@link #builder()}; {@link #close()} stops accepting, drains open sessions
 * for up to {@link Builder#DEFAULT_DRAIN_TIMEOUT} and releases resources. Thread-safe.
 */
public final class S2Server implements AutoCloseable {

  private final DisposableServer http;
  private final Duration drainTimeout;

  private S2Server(DisposableServer http, Duration drainTimeout) {
    this.http = http;
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

  /** Stops accepting connections, drains open sessions, and releases resources. */
  @Override
  public void close() {
    http.disposeNow(drainTimeout);
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
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

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

    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
      return this;
    }

    /** Binds the port and starts serving; blocks until the socket is bound. */
    public S2Server start() {
      Router.Builder routes = Router.builder();
      BasicRoutes.register(routes);
      HttpHandler handler = new HttpHandler(routes.build(), cors);
      DisposableServer http =
          HttpServer.create()
              .host(host)
              .port(port)
              .protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
              .handle(handler)
              .bindNow();
      return new S2Server(http, drainTimeout);
    }
  }
}

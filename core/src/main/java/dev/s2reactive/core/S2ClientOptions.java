package dev.s2reactive.core;

import dev.s2reactive.core.internal.client.Endpoints;
import dev.s2reactive.core.internal.metrics.ClientMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Configuration of an S2 client: endpoints, credentials, timeouts, retries, compression and
 * transport. Immutable and thread-safe; build one with {@link #builder()} or {@link #fromEnv()}
 * and derive variants with {@link #mutate()}. Every value is checked in {@link Builder#build()}.
 *
 * <pre>{@code
 * S2ClientOptions hosted = S2ClientOptions.builder().accessToken(token).build();
 * S2ClientOptions lite = S2ClientOptions.builder()
 *     .endpoints("http://localhost:8080", "http://localhost:8080")
 *     .build();
 * }</pre>
 *
 * <p>Endpoints are {@code [scheme://]authority} (default scheme {@code https}, no path). A basin
 * endpoint starting with {@code {basin}.} routes by host name ({@code https://my-basin.b.s2.dev});
 * any other basin endpoint is "direct" and each basin request carries an {@code s2-basin} header.
 * Both endpoints must use the same scheme.
 *
 * <p>A value that does no I/O (backpressure does not apply); {@link Builder} is not thread-safe.
 * The access-token supplier is called on whichever thread starts a request (the subscriber's, a
 * retry timer's or a Netty event loop), so it must not block: return an incomplete stage and
 * complete it later instead.
 */
public final class S2ClientOptions {

  /** Hosted S2 account endpoint. */
  public static final String DEFAULT_ACCOUNT_ENDPOINT = "https://a.s2.dev";
  /** Hosted S2 basin endpoint template. */
  public static final String DEFAULT_BASIN_ENDPOINT = "https://{basin}.b.s2.dev";
  /** Time allowed to establish a connection (TCP and TLS). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /** Time allowed for a unary request from sending it to the end of its response. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** Silence after which a read session is considered dead and reopened. */
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);
  /** Payload compression. */
  public static final Compression DEFAULT_COMPRESSION = Compression.NONE;
  /** Transport of streaming reads and appends. */
  public static final TransportPreference DEFAULT_TRANSPORT = TransportPreference.S2S;

  /** Environment variable holding the access token. */
  public static final String ENV_ACCESS_TOKEN = "S2_ACCESS_TOKEN";
  /** Environment variable holding the account endpoint. */
  public static final String ENV_ACCOUNT_ENDPOINT = "S2_ACCOUNT_ENDPOINT";
  /** Environment variable holding the basin endpoint. */
  public static final String ENV_BASIN_ENDPOINT = "S2_BASIN_ENDPOINT";

  private final Endpoints endpoints;
  private final String accountEndpoint;
  private final String basinEndpoint;
  private final String staticToken;
  private final Supplier<? extends CompletionStage<String>> tokenSupplier;
  private final boolean refreshTokenOnUnauthorized;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration heartbeatTimeout;
  private final RetryPolicy retryPolicy;
  private final Compression compression;
  private final TransportPreference transport;
  private final Object meterRegistry;
  private final ClientMetrics metrics;
  private final boolean transportMetrics;

  private S2ClientOptions(Builder b, Endpoints endpoints) {
    this.endpoints = endpoints;
    this.accountEndpoint = b.accountEndpoint;
    this.basinEndpoint = b.basinEndpoint;
    this.staticToken = b.staticToken;
    this.tokenSupplier = b.tokenSupplier;
    this.refreshTokenOnUnauthorized = b.refreshTokenOnUnauthorized;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.heartbeatTimeout = b.heartbeatTimeout;
    this.retryPolicy = b.retryPolicy;
    this.compression = b.compression;
    this.transport = b.transport;
    this.meterRegistry = b.meterRegistry;
    this.metrics = b.metrics;
    this.transportMetrics = b.transportMetrics;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options from the process environment; see {@link #fromEnv(Map)}. */
  public static S2ClientOptions fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Options from environment variables: {@value #ENV_ACCESS_TOKEN} (optional; without it no
   * {@code Authorization} header is sent), and {@value #ENV_ACCOUNT_ENDPOINT} with {@value
   * #ENV_BASIN_ENDPOINT} (both or neither; neither means hosted S2). Empty values count as unset.
   * Everything else has its default; use {@link #mutate()} to change it.
   *
   * @throws IllegalArgumentException if only one endpoint is set, or a value is invalid
   */
  public static S2ClientOptions fromEnv(Map<String, String> env) {
    Builder builder = builder();
    String token = nonEmpty(env.get(ENV_ACCESS_TOKEN));
    if (token != null) {
      builder.accessToken(token);
    }
    String account = nonEmpty(env.get(ENV_ACCOUNT_ENDPOINT));
    String basin = nonEmpty(env.get(ENV_BASIN_ENDPOINT));
    if ((account == null) != (basin == null)) {
      String set = account != null ? ENV_ACCOUNT_ENDPOINT : ENV_BASIN_ENDPOINT;
      String missing = account != null ? ENV_BASIN_ENDPOINT : ENV_ACCOUNT_ENDPOINT;
      throw new IllegalArgumentException(
          set
              + " is set but "
              + missing
              + " is not: set both (for s2 lite both are usually http://localhost:<port>)"
              + " or neither (hosted S2)");
    }
    if (account != null) {
      builder.endpoints(account, basin);
    }
    return builder.build();
  }

  private static String nonEmpty(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** A builder initialised with these options. */
  public Builder mutate() {
    Builder b = new Builder();
    b.accountEndpoint = accountEndpoint;
    b.basinEndpoint = basinEndpoint;
    b.staticToken = staticToken;
    b.tokenSupplier = tokenSupplier;
    b.refreshTokenOnUnauthorized = refreshTokenOnUnauthorized;
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.heartbeatTimeout = heartbeatTimeout;
    b.retryPolicy = retryPolicy;
    b.compression = compression;
    b.transport = transport;
    b.meterRegistry = meterRegistry;
    b.metrics = metrics;
    b.transportMetrics = transportMetrics;
    return b;
  }

  /** The account endpoint as configured, for example {@code https://a.s2.dev}. */
  public String accountEndpoint() {
    return accountEndpoint;
  }

  /** The basin endpoint as configured, for example {@code https://{basin}.b.s2.dev}. */
  public String basinEndpoint() {
    return basinEndpoint;
  }

  /** The parsed endpoints. Internal API: used by the transport. */
  public Endpoints endpoints() {
    return endpoints;
  }

  /** True when a token or token supplier is configured. */
  public boolean hasAccessToken() {
    return staticToken != null || tokenSupplier != null;
  }

  /**
   * The token source: completes with the bearer token for the next request. Empty when no token is
   * configured. Called once per connection attempt and again after a {@code 401} when {@link
   * #refreshTokenOnUnauthorized()} is set; may be called from any thread and must not block.
   */
  public Optional<Supplier<? extends CompletionStage<String>>> accessTokenSupplier() {
    if (tokenSupplier != null) {
      return Optional.of(tokenSupplier);
    }
    if (staticToken != null) {
      String token = staticToken;
      return Optional.of(() -> CompletableFuture.completedFuture(token));
    }
    return Optional.empty();
  }

  /** True when a {@code 401 authn} response makes the client fetch a new token and retry once. */
  public boolean refreshTokenOnUnauthorized() {
    return refreshTokenOnUnauthorized;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Default silence after which a read session is reopened; a {@code ReadSpec} may override it. */
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  /** Default retry policy; a {@code ReadSpec} or {@code AppendOptions} may override it. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  public Compression compression() {
    return compression;
  }

  public TransportPreference transport() {
    return transport;
  }

  /**
   * The Micrometer {@code MeterRegistry} the client reports its meters to (typed {@code Object},
   * see {@link Builder#meterRegistry}); empty when client meters are off (the default).
   */
  public Optional<Object> meterRegistry() {
    return Optional.ofNullable(meterRegistry);
  }

  /** The meters of {@link #meterRegistry()}, made once per options value. */
  ClientMetrics clientMetrics() {
    return metrics;
  }

  /** True when Reactor Netty's own connection and HTTP meters are on (see the builder). */
  public boolean transportMetrics() {
    return transportMetrics;
  }

  @Override
  public String toString() {
    String token =
        tokenSupplier != null ? "<supplier>" : staticToken != null ? "<redacted>" : "<none>";
    return "S2ClientOptions{accountEndpoint="
        + accountEndpoint
        + ", basinEndpoint="
        + basinEndpoint
        + ", accessToken="
        + token
        + ", refreshTokenOnUnauthorized="
        + refreshTokenOnUnauthorized
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", heartbeatTimeout="
        + heartbeatTimeout
        + ", retryPolicy="
        + retryPolicy
        + ", compression="
        + compression
        + ", transport="
        + transport
        + ", metrics="
        + (meterRegistry == null ? "off" : "on")
        + ", transportMetrics="
        + transportMetrics
        + '}';
  }

  /** Builds {@link S2ClientOptions}; values are checked in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private String accountEndpoint = DEFAULT_ACCOUNT_ENDPOINT;
    private String basinEndpoint = DEFAULT_BASIN_ENDPOINT;
    private String staticToken;
    private Supplier<? extends CompletionStage<String>> tokenSupplier;
    private boolean refreshTokenOnUnauthorized;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Compression compression = DEFAULT_COMPRESSION;
    private TransportPreference transport = DEFAULT_TRANSPORT;
    private Object meterRegistry;
    private ClientMetrics metrics = ClientMetrics.NOOP;
    private boolean transportMetrics;

    private Builder() {}

    /** Sets both endpoints (for s2 lite usually the same {@code http://host:port}). */
    public Builder endpoints(String accountEndpoint, String basinEndpoint) {
      return accountEndpoint(accountEndpoint).basinEndpoint(basinEndpoint);
    }

    public Builder accountEndpoint(String accountEndpoint) {
      this.accountEndpoint = Objects.requireNonNull(accountEndpoint, "accountEndpoint");
      return this;
    }

    public Builder basinEndpoint(String basinEndpoint) {
      this.basinEndpoint = Objects.requireNonNull(basinEndpoint, "basinEndpoint");
      return this;
    }

    /** A fixed bearer token. Replaces any token supplier. */
    public Builder accessToken(String token) {
      this.staticToken = Objects.requireNonNull(token, "token");
      this.tokenSupplier = null;
      return this;
    }

    /**
     * A source of bearer tokens, for tokens that expire. It must not block; it may be called
     * concurrently. Replaces any fixed token.
     */
    public Builder accessTokenSupplier(Supplier<? extends CompletionStage<String>> supplier) {
      this.tokenSupplier = Objects.requireNonNull(supplier, "supplier");
      this.staticToken = null;
      return this;
    }

    /** Removes any token: requests carry no {@code Authorization} header (s2 lite, --no-auth). */
    public Builder noAccessToken() {
      this.staticToken = null;
      this.tokenSupplier = null;
      this.refreshTokenOnUnauthorized = false;
      return this;
    }

    /** Fetch a new token from the supplier after a {@code 401} and retry once. Default off. */
    public Builder refreshTokenOnUnauthorized(boolean refresh) {
      this.refreshTokenOnUnauthorized = refresh;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
      return this;
    }

    public Builder heartbeatTimeout(Duration timeout) {
      this.heartbeatTimeout = Objects.requireNonNull(timeout, "heartbeatTimeout");
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
      return this;
    }

    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    public Builder transport(TransportPreference transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Reports client meters to a Micrometer {@code io.micrometer.core.instrument.MeterRegistry}
     * (typed {@code Object} so that the client needs Micrometer on the class path only when this
     * is used): {@code s2.client.append.ack.latency}, {@code s2.client.read.e2e.latency} (live
     * records, from their timestamp), {@code s2.client.append.inflight.batches} and {@code
     * .inflight} bytes, {@code s2.client.retries} by operation and cause, {@code
     * s2.client.read.reconnects} and {@code s2.client.read.heartbeat.timeouts}. Off by default.
     * Recording is a few atomic operations on the calling (event-loop) thread.
     *
     * @throws IllegalArgumentException if {@code registry} is not a {@code MeterRegistry}
     */
    public Builder meterRegistry(Object registry) {
      this.metrics = ClientMetrics.micrometer(Objects.requireNonNull(registry, "registry"));
      this.meterRegistry = registry;
      return this;
    }

    /** Stops reporting client meters (the default). */
    public Builder noMeterRegistry() {
      this.meterRegistry = null;
      this.metrics = ClientMetrics.NOOP;
      return this;
    }

    /**
     * Turns on Reactor Netty's own meters (connections, pools, HTTP client timings with the
     * stream name replaced by a placeholder), which it reports to Micrometer's global registry
     * ({@code io.micrometer.core.instrument.Metrics.globalRegistry}). Needs Micrometer on the
     * class path. Off by default.
     */
    public Builder transportMetrics(boolean enabled) {
      this.transportMetrics = enabled;
      return this;
    }

    /**
     * @throws IllegalArgumentException if an endpoint is malformed, the endpoints use different
     *     schemes, the token is blank, a timeout is not positive, or token refresh is requested
     *     without a token supplier
     */
    public S2ClientOptions build() {
      Endpoints endpoints = Endpoints.of(accountEndpoint, basinEndpoint);
      if (staticToken != null && staticToken.isBlank()) {
        throw new IllegalArgumentException("access token must not be blank");
      }
      if (refreshTokenOnUnauthorized && tokenSupplier == null) {
        throw new IllegalArgumentException(
            "refreshTokenOnUnauthorized needs an accessTokenSupplier: a fixed token cannot change");
      }
      requirePositive(connectTimeout, "connectTimeout");
      requirePositive(requestTimeout, "requestTimeout");
      requirePositive(heartbeatTimeout, "heartbeatTimeout");
      return new S2ClientOptions(this, endpoints);
    }

    private static void requirePositive(Duration d, String name) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
    }
  }
}

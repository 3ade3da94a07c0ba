package dev.s2reactive.core.internal.transport;

import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.metrics.ClientMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * The HTTP side of one client: a single Reactor Netty connection pool, an HTTP/1.1 client for unary
 * calls and SSE sessions, and an HTTP/2 client (h2c prior knowledge on {@code http://}, ALPN on
 * {@code https://}) for s2s read and append sessions. Thread-safe; nothing here blocks.
 *
 * <p>Unary calls carry the bearer token (fetched per attempt; after a {@code 401 authn} the token
 * is fetched again and the call repeated once when the options ask for it), map error responses to
 * typed {@link S2Exception}s, and are retried by the {@link RetryPolicy} when the failure is
 * retryable and either the call is idempotent or the failure guarantees it had no effect. A
 * server's {@code retry-after-ms} replaces the computed backoff.
 */
public final class HttpTransport implements AutoCloseable {

  static final byte[] EMPTY = new byte[0];
  private static final String JSON = "application/json";
  private static final String RETRY_AFTER_MS = "retry-after-ms";
  private static final String USER_AGENT = "s2-reactive/0.1";
  private static final int H2_STREAM_WINDOW = 1024 * 1024;

  private final S2ClientOptions options;
  private final ClientMetrics metrics;
  private final ConnectionProvider provider;
  private final HttpClient http1;
  private final HttpClient http2;
  private volatile boolean s2sUnsupported;

  /** A transport that reports no client meters. */
  public HttpTransport(S2ClientOptions options) {
    this(options, ClientMetrics.NOOP);
  }

  /** A transport reporting to {@code metrics} (made from {@code options}' meter registry). */
  public HttpTransport(S2ClientOptions options, ClientMetrics metrics) {
    this.options = options;
    this.metrics = metrics;
    this.provider =
        ConnectionProvider.builder("s2-client")
            .maxConnections(1024)
            .pendingAcquireMaxCount(8192)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    HttpClient base =
        HttpClient.create(provider)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
            .headers(h -> h.set(HttpHeaderNames.USER_AGENT, USER_AGENT));
    if (options.transportMetrics()) {
      // Bounded URI tags: stream names and queries are not part of them.
      base = base.metrics(true, uri -> uri.replaceAll("/streams/[^/?]+", "/streams/{stream}")
          .replaceAll("/basins/[^/?]+", "/basins/{basin}").replaceAll("\\?.*", ""));
    }
    boolean secure = options.endpoints().isSecure();
    // compress(true): accept gzip responses (the server compresses bodies above 1 KiB)
    HttpClient one = base.protocol(HttpProtocol.HTTP11).compress(true);
    // a 1 MiB stream window: enough for WAN throughput, and the most one read buffers unasked
    HttpClient two =
        (secure
                ? base.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                : base.protocol(HttpProtocol.H2C))
            .http2Settings(h2 -> h2.initialWindowSize(H2_STREAM_WINDOW));
    if (secure) {
      one = one.secure();
      two = two.secure();
    }
    this.http1 = one;
    this.http2 = two;
  }

  /** Where this transport and its streams report client meters. */
  public ClientMetrics metrics() {
    return metrics;
  }

  public S2ClientOptions options() {
    return options;
  }

  /** The HTTP/1.1 client (unary calls, SSE). */
  public HttpClient http1() {
    return http1;
  }

  /** The HTTP/2 client (s2s sessions). */
  public HttpClient http2() {
    return http2;
  }

  /** Completes with the bearer token for the next request, or "" when none is configured. */
  public Mono<String> token() {
    return options
        .accessTokenSupplier()
        .<Mono<String>>map(s -> Mono.defer(() -> Mono.fromCompletionStage(s.get())))
        .orElse(Mono.just(""));
  }

  /** Sets the auth header when {@code token} is not empty. */
  public static void authorize(HttpHeaders headers, String token) {
    if (!token.isEmpty()) {
      headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
    }
  }

  /**
   * The error a session's non-200 response stands for: its whole body read as an S2 error (an
   * empty body still gives the status's error).
   */
  public static <T> Flux<T> sessionRefused(int status, ByteBufFlux body) {
    return body.aggregate()
        .asByteArray()
        .defaultIfEmpty(EMPTY)
        .flatMapMany(b -> Mono.error(S2Json.errorFromResponse(status, b)));
  }

  /** Sends a unary request with the client's retry policy. */
  public Mono<UnaryResponse> exchange(UnaryRequest request) {
    return exchange(request, options.retryPolicy());
  }

  /**
   * Sends a unary request; completes with the 2xx response or fails with an {@link S2Exception} (a
   * {@link TransportException} for connection-level failures).
   */
  public Mono<UnaryResponse> exchange(UnaryRequest request, RetryPolicy policy) {
    return attempt(http1, request, policy, 1, false);
  }

  private Mono<UnaryResponse> attempt(
      HttpClient client, UnaryRequest request, RetryPolicy policy, int attempt, boolean refreshed) {
    return token()
        .flatMap(token -> once(client, request, token))
        .onErrorResume(
            e -> !(e instanceof Failed), e -> Mono.error(new Failed(e, OptionalLong.empty())))
        .onErrorResume(
            Failed.class,
            failed -> {
              Throwable error = failed.error;
              if (!refreshed && isAuthn(error) && options.refreshTokenOnUnauthorized()) {
                return attempt(client, request, policy, attempt, true);
              }
              boolean retry =
                  policy.canRetry(attempt)
                      && policy.isRetryable(error)
                      && (request.idempotent() || !mayHaveBeenApplied(error));
              if (!retry) {
                return Mono.error(toPublic(error, policy));
              }
              metrics.retry("unary", error);
              Duration delay = policy.backoff(attempt, failed.retryAfterMillis);
              return Mono.delay(delay)
                  .then(attempt(client, request, policy, attempt + 1, refreshed));
            });
  }

  private Mono<UnaryResponse> once(HttpClient client, UnaryRequest request, String token) {
    Duration timeout = options.requestTimeout().plus(request.extraTimeout().orElse(Duration.ZERO));
    String encoding =
        request.body() == null
            ? null
            : RequestCompression.encoding(options.compression(), request.body().length);
    byte[] body =
        encoding == null
            ? request.body()
            : RequestCompression.compress(options.compression(), request.body());
    HttpClient.RequestSender sender =
        client
            .headers(
                h -> {
                  authorize(h, token);
                  h.set(HttpHeaderNames.ACCEPT, JSON);
                  if (request.body() != null) {
                    h.set(HttpHeaderNames.CONTENT_TYPE, JSON);
                  }
                  if (encoding != null) {
                    h.set(HttpHeaderNames.CONTENT_ENCODING, encoding);
                  }
                  request.headers().forEach(h::set);
                })
            .request(request.method())
            .uri(request.uri());
    HttpClient.ResponseReceiver<?> receiver =
        request.body() == null
            ? sender
            : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
    return receiver
        .responseSingle(
            (response, content) ->
                content
                    .asByteArray()
                    .defaultIfEmpty(EMPTY)
                    .flatMap(bytes -> toResult(response, bytes)))
        .timeout(timeout);
  }

  private static Mono<UnaryResponse> toResult(HttpClientResponse response, byte[] body) {
    int status = response.status().code();
    if (status >= 200 && status < 300) {
      return Mono.just(new UnaryResponse(status, response.responseHeaders(), body));
    }
    return Mono.error(
        new Failed(S2Json.errorFromResponse(status, body), retryAfter(response.responseHeaders())));
  }

  /** The {@code retry-after-ms} header value, if present and numeric. */
  public static OptionalLong retryAfter(HttpHeaders headers) {
    String value = headers.get(RETRY_AFTER_MS);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  static boolean isAuthn(Throwable error) {
    return error instanceof S2Exception s && s.status() == 401 && "authn".equals(s.code());
  }

  /** False only when the failure guarantees the request had no effect. */
  public static boolean mayHaveBeenApplied(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof S2Exception s2) {
        return s2.mayHaveBeenApplied();
      }
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t.getClass().getSimpleName().equals("PoolAcquireTimeoutException")
          || t.getClass().getSimpleName().equals("PoolAcquirePendingLimitException")) {
        return false;
      }
    }
    return true;
  }

  /** The error as callers see it: S2 errors as they are, anything else as a transport error. */
  public static S2Exception toPublic(Throwable error, RetryPolicy policy) {
    if (error instanceof S2Exception s2) {
      return s2;
    }
    String message =
        error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return new TransportException(
        message, error, policy.isRetryable(error), mayHaveBeenApplied(error));
  }

  /** Supplies a header map with the basin header when needed. */
  public static Map<String, String> basinHeaders(java.util.Optional<String> basinHeader) {
    return basinHeader.map(b -> Map.of("s2-basin", b)).orElse(Map.of());
  }

  /** True once an s2s session showed that the server cannot serve them (use SSE instead). */
  public boolean s2sUnsupported() {
    return s2sUnsupported;
  }

  public void markS2sUnsupported() {
    s2sUnsupported = true;
  }

  /**
   * True when a session failed because the server does not speak the session protocol (no HTTP/2,
   * or no such route/media type), not because of the request or the network.
   */
  public static boolean isProtocolMismatch(Throwable error) {
    if (error instanceof S2Exception s) {
      int status = s.status();
      return (status == 404 || status == 405 || status == 406 || status == 415 || status == 501)
          && s.errorCode().isEmpty();
    }
    int depth = 0;
    for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof io.netty.handler.codec.http2.Http2Exception) {
        return true;
      }
    }
    return false;
  }

  /** Releases every connection of this client. Idempotent. */
  @Override
  public void close() {
    provider.dispose();
  }

  public boolean isClosed() {
    return provider.isDisposed();
  }

  /** An error response or failure, with the server's retry hint. */
  private static final class Failed extends RuntimeException {
    final Throwable error;
    final OptionalLong retryAfterMillis;

    Failed(Throwable error, OptionalLong retryAfterMillis) {
      super(null, null, false, false);
      this.error = error;
      this.retryAfterMillis = retryAfterMillis;
    }
  }
}

package dev.s2reactive.core;

import dev.s2reactive.core.internal.client.Paging;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.transport.HttpTransport;
import dev.s2reactive.core.internal.transport.PathSegments;
import dev.s2reactive.core.internal.transport.UnaryRequest;
import dev.s2reactive.core.model.AccessTokenInfo;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.BasinReconfiguration;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.IssueAccessTokenResponse;
import dev.s2reactive.core.model.ListAccessTokensResponse;
import dev.s2reactive.core.model.ListBasinsResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Entry point of the S2 client: account operations (basins, access tokens) and access to basins and
 * streams. Create one per application with {@link #create(S2ClientOptions)} and {@link #close()} it
 * at the end; it owns one connection pool that every basin, stream, read and sink shares.
 *
 * <p>Every operation returns a cold Reactive Streams {@link Publisher}: nothing is sent before
 * subscription, and each subscription sends the request again. Single-valued operations emit one
 * item (or complete empty for {@code Void}). Failures are {@link
 * dev.s2reactive.core.error.S2Exception}s; retryable ones are retried per {@link RetryPolicy} when
 * that cannot apply a change twice (reads, idempotent writes, failures that guarantee no effect).
 *
 * <p><b>Threading.</b> Thread-safe. Signals arrive on Netty event loops (or a timer thread after a
 * retry backoff); never block in them. No thread is created per request, read or stream.
 *
 * <p><b>Backpressure.</b> Single-valued publishers emit at most one item, so demand only decides
 * when it is delivered. List publishers (such as {@link #listBasins(String)}) fetch the next page
 * only when the previous one has been consumed. Reads and sinks are described on {@link
 * ReadSession} and {@link AppendSink}.
 */
public final class S2Client implements AutoCloseable {

  private final S2ClientOptions options;
  private final HttpTransport transport;

  private S2Client(S2ClientOptions options) {
    this.options = options;
    this.transport = new HttpTransport(options, options.clientMetrics());
  }

  /** A client with its own connection pool. */
  public static S2Client create(S2ClientOptions options) {
    return new S2Client(Objects.requireNonNull(options, "options"));
  }

  public S2ClientOptions options() {
    return options;
  }

  /** Operations on one basin; cheap, no I/O. */
  public S2Basin basin(String name) {
    return new S2Basin(transport, options.endpoints().basin(name), name);
  }

  // ---- basins ----

  /** Every basin whose name starts with {@code prefix} ("" for all), page after page. */
  public Publisher<BasinInfo> listBasins(String prefix) {
    return Paging.all(
        after ->
            basinsPage(prefix, after, 0)
                .map(page -> new Paging.Page<>(page.basins(), page.hasMore())),
        BasinInfo::name);
  }

  /** One page of basins; {@code limit} 0 means the server's default (1000). */
  public Publisher<ListBasinsResponse> listBasinsPage(String prefix, String startAfter, int limit) {
    return basinsPage(prefix, startAfter, limit);
  }

  private Mono<ListBasinsResponse> basinsPage(String prefix, String startAfter, int limit) {
    String path = "/v1/basins" + PathSegments.query(Paging.query(prefix, startAfter, limit));
    return transport
        .exchange(account(HttpMethod.GET, path, Map.of(), null, true))
        .map(r -> S2Json.decodeListBasinsResponse(r.body()));
  }

  /** Creates a basin with a fresh {@code s2-request-token}, so retries are idempotent. */
  public Publisher<BasinInfo> createBasin(CreateBasinRequest request) {
    return createBasin(request, UUID.randomUUID().toString());
  }

  /** Creates a basin; repeating it with the same token and config returns the same basin. */
  public Publisher<BasinInfo> createBasin(CreateBasinRequest request, String requestToken) {
    byte[] body = S2Json.encodeCreateBasinRequest(request);
    return transport
        .exchange(
            account(
                HttpMethod.POST,
                "/v1/basins",
                Map.of("s2-request-token", requestToken),
                body,
                true))
        .map(r -> S2Json.decodeBasinInfo(r.body()));
  }

  /** Creates the basin or replaces its config (PUT); idempotent. */
  public Publisher<BasinInfo> ensureBasin(String basin, EnsureBasinRequest request) {
    byte[] body = S2Json.encodeEnsureBasinRequest(request);
    return transport
        .exchange(account(HttpMethod.PUT, basinPath(basin), Map.of(), body, true))
        .map(r -> S2Json.decodeBasinInfo(r.body()));
  }

  public Publisher<BasinConfig> getBasinConfig(String basin) {
    return transport
        .exchange(account(HttpMethod.GET, basinPath(basin), Map.of(), null, true))
        .map(r -> S2Json.decodeBasinConfig(r.body()));
  }

  public Publisher<BasinConfig> reconfigureBasin(String basin, BasinReconfiguration change) {
    byte[] body = S2Json.encodeBasinReconfiguration(change);
    return transport
        .exchange(account(HttpMethod.PATCH, basinPath(basin), Map.of(), body, true))
        .map(r -> S2Json.decodeBasinConfig(r.body()));
  }

  /** Requests deletion (asynchronous on the server); idempotent while deleting. */
  public Publisher<Void> deleteBasin(String basin) {
    return transport
        .exchange(account(HttpMethod.DELETE, basinPath(basin), Map.of(), null, true))
        .then();
  }

  // ---- access tokens ----

  /** Issues a token; the secret is returned only once. Not retried after indefinite failures. */
  public Publisher<IssueAccessTokenResponse> issueAccessToken(IssueAccessTokenRequest request) {
    byte[] body = S2Json.encodeIssueAccessTokenRequest(request);
    return transport
        .exchange(account(HttpMethod.POST, "/v1/access-tokens", Map.of(), body, false))
        .map(r -> S2Json.decodeIssueAccessTokenResponse(r.body()));
  }

  /** Every token whose id starts with {@code prefix}, page after page. */
  public Publisher<AccessTokenInfo> listAccessTokens(String prefix) {
    return Paging.all(
        after ->
            tokensPage(prefix, after, 0)
                .map(page -> new Paging.Page<>(page.accessTokens(), page.hasMore())),
        AccessTokenInfo::id);
  }

  public Publisher<ListAccessTokensResponse> listAccessTokensPage(
      String prefix, String startAfter, int limit) {
    return tokensPage(prefix, startAfter, limit);
  }

  private Mono<ListAccessTokensResponse> tokensPage(String prefix, String startAfter, int limit) {
    String path = "/v1/access-tokens" + PathSegments.query(Paging.query(prefix, startAfter, limit));
    return transport
        .exchange(account(HttpMethod.GET, path, Map.of(), null, true))
        .map(r -> S2Json.decodeListAccessTokensResponse(r.body()));
  }

  public Publisher<Void> revokeAccessToken(String id) {
    String path = "/v1/access-tokens/" + PathSegments.encode(id);
    return transport.exchange(account(HttpMethod.DELETE, path, Map.of(), null, true)).then();
  }

  /** Closes the connection pool; open reads and sinks fail. Idempotent. */
  @Override
  public void close() {
    transport.close();
  }

  private static String basinPath(String basin) {
    return "/v1/basins/" + PathSegments.encode(basin);
  }

  private UnaryRequest account(
      HttpMethod method, String path, Map<String, String> headers, byte[] body, boolean idem) {
    return UnaryRequest.of(method, options.endpoints().accountBaseUri(), path, headers, body, idem);
  }
}

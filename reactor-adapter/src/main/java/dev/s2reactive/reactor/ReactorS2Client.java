package dev.s2reactive.reactor;

import dev.s2reactive.core.S2Client;
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
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link S2Client} with {@code Flux}/{@code Mono} results. A thin, immutable, thread-safe view: it
 * shares the client's connection pool, adds no thread hops and no buffering, and every result is
 * cold (see {@link S2Client} for retry and threading behaviour). Closing stays with the {@link
 * S2Client}.
 *
 * <p><b>Backpressure.</b> Each {@code Mono} emits at most one item; each listing {@code Flux}
 * fetches the next page only as the subscriber consumes the previous one. Signals arrive on Netty
 * event loops; use {@code publishOn} to move blocking work elsewhere.
 */
public final class ReactorS2Client {

  private final S2Client client;

  private ReactorS2Client(S2Client client) {
    this.client = client;
  }

  public static ReactorS2Client from(S2Client client) {
    return new ReactorS2Client(Objects.requireNonNull(client, "client"));
  }

  public S2Client unwrap() {
    return client;
  }

  public ReactorS2Basin basin(String basin) {
    return new ReactorS2Basin(client.basin(basin));
  }

  /** Shorthand for {@code basin(basin).stream(stream)}. */
  public ReactorS2Stream stream(String basin, String stream) {
    return basin(basin).stream(stream);
  }

  public Flux<BasinInfo> listBasins(String prefix) {
    return Flux.from(client.listBasins(prefix));
  }

  public Mono<ListBasinsResponse> listBasinsPage(String prefix, String startAfter, int limit) {
    return Mono.from(client.listBasinsPage(prefix, startAfter, limit));
  }

  public Mono<BasinInfo> createBasin(CreateBasinRequest request) {
    return Mono.from(client.createBasin(request));
  }

  public Mono<BasinInfo> createBasin(CreateBasinRequest request, String requestToken) {
    return Mono.from(client.createBasin(request, requestToken));
  }

  public Mono<BasinInfo> ensureBasin(String basin, EnsureBasinRequest request) {
    return Mono.from(client.ensureBasin(basin, request));
  }

  public Mono<BasinConfig> getBasinConfig(String basin) {
    return Mono.from(client.getBasinConfig(basin));
  }

  public Mono<BasinConfig> reconfigureBasin(String basin, BasinReconfiguration change) {
    return Mono.from(client.reconfigureBasin(basin, change));
  }

  public Mono<Void> deleteBasin(String basin) {
    return Mono.from(client.deleteBasin(basin));
  }

  public Mono<IssueAccessTokenResponse> issueAccessToken(IssueAccessTokenRequest request) {
    return Mono.from(client.issueAccessToken(request));
  }

  public Flux<AccessTokenInfo> listAccessTokens(String prefix) {
    return Flux.from(client.listAccessTokens(prefix));
  }

  public Mono<ListAccessTokensResponse> listAccessTokensPage(
      String prefix, String startAfter, int limit) {
    return Mono.from(client.listAccessTokensPage(prefix, startAfter, limit));
  }

  public Mono<Void> revokeAccessToken(String id) {
    return Mono.from(client.revokeAccessToken(id));
  }
}

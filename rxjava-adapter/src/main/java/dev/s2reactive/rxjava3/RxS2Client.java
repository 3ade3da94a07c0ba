package dev.s2reactive.rxjava3;

import static dev.s2reactive.rxjava3.internal.RxPublishers.completable;
import static dev.s2reactive.rxjava3.internal.RxPublishers.flowable;
import static dev.s2reactive.rxjava3.internal.RxPublishers.single;

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
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.util.Objects;

/**
 * {@link S2Client} with {@code Flowable}/{@code Single}/{@code Completable} results. A thin,
 * immutable, thread-safe view: it shares the client's connection pool, adds no buffering and no
 * thread hops (signals arrive on Netty event loops; use {@code observeOn} before blocking work),
 * and every result is cold (see {@link S2Client} for retries). Closing stays with the {@link
 * S2Client}. Disposing a subscription cancels its HTTP request.
 */
public final class RxS2Client {

  private final S2Client client;

  private RxS2Client(S2Client client) {
    this.client = client;
  }

  public static RxS2Client from(S2Client client) {
    return new RxS2Client(Objects.requireNonNull(client, "client"));
  }

  public S2Client unwrap() {
    return client;
  }

  public RxS2Basin basin(String basin) {
    return new RxS2Basin(client.basin(basin));
  }

  /** Shorthand for {@code basin(basin).stream(stream)}. */
  public RxS2Stream stream(String basin, String stream) {
    return basin(basin).stream(stream);
  }

  /** Every basin whose name starts with {@code prefix} ("" for all), fetched page by page. */
  public Flowable<BasinInfo> listBasins(String prefix) {
    return flowable(client.listBasins(prefix));
  }

  public Single<ListBasinsResponse> listBasinsPage(String prefix, String startAfter, int limit) {
    return single(client.listBasinsPage(prefix, startAfter, limit));
  }

  public Single<BasinInfo> createBasin(CreateBasinRequest request) {
    return single(client.createBasin(request));
  }

  public Single<BasinInfo> createBasin(CreateBasinRequest request, String requestToken) {
    return single(client.createBasin(request, requestToken));
  }

  public Single<BasinInfo> ensureBasin(String basin, EnsureBasinRequest request) {
    return single(client.ensureBasin(basin, request));
  }

  public Single<BasinConfig> getBasinConfig(String basin) {
    return single(client.getBasinConfig(basin));
  }

  public Single<BasinConfig> reconfigureBasin(String basin, BasinReconfiguration change) {
    return single(client.reconfigureBasin(basin, change));
  }

  public Completable deleteBasin(String basin) {
    return completable(client.deleteBasin(basin));
  }

  public Single<IssueAccessTokenResponse> issueAccessToken(IssueAccessTokenRequest request) {
    return single(client.issueAccessToken(request));
  }

  public Flowable<AccessTokenInfo> listAccessTokens(String prefix) {
    return flowable(client.listAccessTokens(prefix));
  }

  public Single<ListAccessTokensResponse> listAccessTokensPage(
      String prefix, String startAfter, int limit) {
    return single(client.listAccessTokensPage(prefix, startAfter, limit));
  }

  public Completable revokeAccessToken(String id) {
    return completable(client.revokeAccessToken(id));
  }
}

package dev.s2reactive.rxjava3;

import static dev.s2reactive.rxjava3.internal.RxPublishers.completable;
import static dev.s2reactive.rxjava3.internal.RxPublishers.flowable;
import static dev.s2reactive.rxjava3.internal.RxPublishers.single;

import dev.s2reactive.core.S2Basin;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.ListStreamsResponse;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.core.model.StreamReconfiguration;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;

/**
 * {@link S2Basin} with {@code Flowable}/{@code Single}/{@code Completable} results. Immutable,
 * thread-safe, cold results, no thread hops (signals arrive on Netty event loops; use {@code
 * observeOn} before blocking work).
 */
public final class RxS2Basin {

  private final S2Basin basin;

  RxS2Basin(S2Basin basin) {
    this.basin = basin;
  }

  public S2Basin unwrap() {
    return basin;
  }

  public String name() {
    return basin.name();
  }

  public RxS2Stream stream(String stream) {
    return new RxS2Stream(basin.stream(stream));
  }

  /** Every stream whose name starts with {@code prefix} ("" for all), fetched page by page. */
  public Flowable<StreamInfo> listStreams(String prefix) {
    return flowable(basin.listStreams(prefix));
  }

  public Single<ListStreamsResponse> listStreamsPage(String prefix, String startAfter, int limit) {
    return single(basin.listStreamsPage(prefix, startAfter, limit));
  }

  public Single<StreamInfo> createStream(CreateStreamRequest request) {
    return single(basin.createStream(request));
  }

  public Single<StreamInfo> createStream(CreateStreamRequest request, String requestToken) {
    return single(basin.createStream(request, requestToken));
  }

  public Single<StreamInfo> ensureStream(String stream, StreamConfig config) {
    return single(basin.ensureStream(stream, config));
  }

  public Single<StreamConfig> getStreamConfig(String stream) {
    return single(basin.getStreamConfig(stream));
  }

  public Single<StreamConfig> reconfigureStream(String stream, StreamReconfiguration change) {
    return single(basin.reconfigureStream(stream, change));
  }

  public Completable deleteStream(String stream) {
    return completable(basin.deleteStream(stream));
  }
}

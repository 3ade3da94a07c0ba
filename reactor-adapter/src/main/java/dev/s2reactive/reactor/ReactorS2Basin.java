package dev.s2reactive.reactor;

import dev.s2reactive.core.S2Basin;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.ListStreamsResponse;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.core.model.StreamReconfiguration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link S2Basin} with {@code Flux}/{@code Mono} results. Immutable, thread-safe, cold results, no
 * thread hops: signals arrive on Netty event loops, so never block in them.
 *
 * <p><b>Backpressure.</b> Each {@code Mono} emits at most one item; {@link #listStreams(String)}
 * fetches the next page only as the subscriber consumes the previous one.
 */
public final class ReactorS2Basin {

  private final S2Basin basin;

  ReactorS2Basin(S2Basin basin) {
    this.basin = basin;
  }

  public S2Basin unwrap() {
    return basin;
  }

  public String name() {
    return basin.name();
  }

  public ReactorS2Stream stream(String stream) {
    return new ReactorS2Stream(basin.stream(stream));
  }

  public Flux<StreamInfo> listStreams(String prefix) {
    return Flux.from(basin.listStreams(prefix));
  }

  public Mono<ListStreamsResponse> listStreamsPage(String prefix, String startAfter, int limit) {
    return Mono.from(basin.listStreamsPage(prefix, startAfter, limit));
  }

  public Mono<StreamInfo> createStream(CreateStreamRequest request) {
    return Mono.from(basin.createStream(request));
  }

  public Mono<StreamInfo> createStream(CreateStreamRequest request, String requestToken) {
    return Mono.from(basin.createStream(request, requestToken));
  }

  public Mono<StreamInfo> ensureStream(String stream, StreamConfig config) {
    return Mono.from(basin.ensureStream(stream, config));
  }

  public Mono<StreamConfig> getStreamConfig(String stream) {
    return Mono.from(basin.getStreamConfig(stream));
  }

  public Mono<StreamConfig> reconfigureStream(String stream, StreamReconfiguration change) {
    return Mono.from(basin.reconfigureStream(stream, change));
  }

  public Mono<Void> deleteStream(String stream) {
    return Mono.from(basin.deleteStream(stream));
  }
}

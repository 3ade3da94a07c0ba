package dev.s2reactive.core;

import dev.s2reactive.core.internal.client.Endpoints;
import dev.s2reactive.core.internal.client.Paging;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.transport.HttpTransport;
import dev.s2reactive.core.internal.transport.PathSegments;
import dev.s2reactive.core.internal.transport.UnaryRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.ListStreamsResponse;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.core.model.StreamReconfiguration;
import io.netty.handler.codec.http.HttpMethod;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Stream operations of one basin ({@link S2Client#basin(String)}). Requests go to the basin
 * endpoint, with an {@code s2-basin} header when it is a direct endpoint. Immutable and
 * thread-safe; publishers are cold, and their threading and backpressure are those described on
 * {@link S2Client}: signals on Netty event loops, one item per single-valued call, and list pages
 * fetched only as the subscriber consumes them.
 */
public final class S2Basin {

  private final HttpTransport transport;
  private final Endpoints.BasinTarget target;
  private final String name;

  S2Basin(HttpTransport transport, Endpoints.BasinTarget target, String name) {
    this.transport = transport;
    this.target = target;
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Operations on one stream of this basin; cheap, no I/O. */
  public S2Stream stream(String stream) {
    return new S2Stream(transport, target, name, stream);
  }

  /** Every stream whose name starts with {@code prefix} ("" for all), page after page. */
  public Publisher<StreamInfo> listStreams(String prefix) {
    return Paging.all(
        after ->
            streamsPage(prefix, after, 0)
                .map(page -> new Paging.Page<>(page.streams(), page.hasMore())),
        StreamInfo::name);
  }

  public Publisher<ListStreamsResponse> listStreamsPage(
      String prefix, String startAfter, int limit) {
    return streamsPage(prefix, startAfter, limit);
  }

  private Mono<ListStreamsResponse> streamsPage(String prefix, String startAfter, int limit) {
    String path = "/v1/streams" + PathSegments.query(Paging.query(prefix, startAfter, limit));
    return transport
        .exchange(request(HttpMethod.GET, path, Map.of(), null, true))
        .map(r -> S2Json.decodeListStreamsResponse(r.body()));
  }

  /** Creates a stream with a fresh {@code s2-request-token}, so retries are idempotent. */
  public Publisher<StreamInfo> createStream(CreateStreamRequest request) {
    return createStream(request, UUID.randomUUID().toString());
  }

  public Publisher<StreamInfo> createStream(CreateStreamRequest request, String requestToken) {
    byte[] body = S2Json.encodeCreateStreamRequest(request);
    return transport
        .exchange(
            request(
                HttpMethod.POST,
                "/v1/streams",
                Map.of("s2-request-token", requestToken),
                body,
                true))
        .map(r -> S2Json.decodeStreamInfo(r.body()));
  }

  /** Creates the stream or replaces its config (PUT with a bare config); idempotent. */
  public Publisher<StreamInfo> ensureStream(String stream, StreamConfig config) {
    byte[] body = S2Json.encodeStreamConfig(config);
    return transport
        .exchange(request(HttpMethod.PUT, streamPath(stream), Map.of(), body, true))
        .map(r -> S2Json.decodeStreamInfo(r.body()));
  }

  public Publisher<StreamConfig> getStreamConfig(String stream) {
    return transport
        .exchange(request(HttpMethod.GET, streamPath(stream), Map.of(), null, true))
        .map(r -> S2Json.decodeStreamConfig(r.body()));
  }

  public Publisher<StreamConfig> reconfigureStream(String stream, StreamReconfiguration change) {
    byte[] body = S2Json.encodeStreamReconfiguration(change);
    return transport
        .exchange(request(HttpMethod.PATCH, streamPath(stream), Map.of(), body, true))
        .map(r -> S2Json.decodeStreamConfig(r.body()));
  }

  /** Requests deletion (asynchronous on the server); idempotent while deleting. */
  public Publisher<Void> deleteStream(String stream) {
    return transport
        .exchange(request(HttpMethod.DELETE, streamPath(stream), Map.of(), null, true))
        .then();
  }

  static String streamPath(String stream) {
    return "/v1/streams/" + PathSegments.encode(stream);
  }

  private UnaryRequest request(
      HttpMethod method, String path, Map<String, String> headers, byte[] body, boolean idem) {
    Map<String, String> all = new HashMap<>(headers);
    all.putAll(HttpTransport.basinHeaders(target.basinHeader()));
    return UnaryRequest.of(method, target.baseUri(), path, all, body, idem);
  }
}

package dev.s2reactive.core;

import dev.s2reactive.core.internal.client.Endpoints;
import dev.s2reactive.core.internal.client.PipelinedAppendSink;
import dev.s2reactive.core.internal.client.ReadCursor;
import dev.s2reactive.core.internal.client.ReadLoop;
import dev.s2reactive.core.internal.codec.json.RecordFormat;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.metrics.ClientMetrics;
import dev.s2reactive.core.internal.transport.HttpTransport;
import dev.s2reactive.core.internal.transport.PathSegments;
import dev.s2reactive.core.internal.transport.S2sAppendSession;
import dev.s2reactive.core.internal.transport.S2sReadSession;
import dev.s2reactive.core.internal.transport.SseReadSession;
import dev.s2reactive.core.internal.transport.UnaryRequest;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Record operations on one stream ({@link S2Basin#stream(String)}): tail checks, unary appends and
 * reads, fence and trim commands, streaming reads ({@link #read(ReadSpec)}, {@link
 * #readBatches(ReadSpec)}) and batching append sinks ({@link #newSink(AppendOptions)}). Immutable
 * and thread-safe; every publisher is cold.
 *
 * <p>Unary appends are not retried after failures that may have applied them (use a sink with
 * {@link AppendRetryPolicy} or {@code match_seq_num} for that); reads and tail checks are retried
 * per {@link RetryPolicy}. Unary records travel as base64 JSON and session records as protobuf, so
 * binary data is safe.
 *
 * <p>Streaming reads and sinks use {@code s2s/proto} sessions over HTTP/2 with {@link
 * TransportPreference#S2S} (the default), and SSE reads with one-at-a-time unary appends with
 * {@link TransportPreference#SSE}. When a server turns out not to speak s2s (no HTTP/2, no such
 * media type) the client switches to SSE for good.
 *
 * <p><b>Threading and backpressure.</b> Signals arrive on Netty event loops; never block in them.
 * Unary calls emit one item. Streaming reads carry demand to the socket and resume after faults
 * ({@link ReadSession}); sinks request records only as acknowledgements free their in-flight
 * budget ({@link AppendSink}).
 */
public final class S2Stream {

  private final HttpTransport transport;
  private final Endpoints.BasinTarget target;
  private final String basin;
  private final String name;

  S2Stream(HttpTransport transport, Endpoints.BasinTarget target, String basin, String name) {
    this.transport = transport;
    this.target = target;
    this.basin = basin;
    this.name = name;
  }

  public String basin() {
    return basin;
  }

  public String name() {
    return name;
  }

  /** The tail: the next seq_num and the last record's timestamp. */
  public Publisher<StreamPosition> checkTail() {
    return transport
        .exchange(request(HttpMethod.GET, recordsPath() + "/tail", null, true))
        .map(r -> S2Json.decodeTailResponse(r.body()).tail());
  }

  /** Appends one batch (1–1000 records, ≤ 1 MiB) atomically; emits its acknowledgement. */
  public Publisher<AppendAck> append(AppendInput input) {
    return appendOnce(input, transport.options().retryPolicy());
  }

  /**
   * Sets the stream's fencing token to {@code newToken}, conditioned on {@code currentToken} when
   * it is not null.
   */
  public Publisher<AppendAck> fence(String newToken, String currentToken) {
    AppendInput input =
        new AppendInput(
            List.of(AppendRecord.fence(newToken)),
            OptionalLong.empty(),
            Optional.ofNullable(currentToken));
    return append(input);
  }

  /** Trims records before {@code earliestSeqNum} (asynchronously, on the server). */
  public Publisher<AppendAck> trim(long earliestSeqNum) {
    return append(AppendInput.of(AppendRecord.trim(earliestSeqNum)));
  }

  /**
   * One unary read: at most 1000 records / 1 MiB from the spec's start, long-polling up to the
   * spec's wait (≤ 60 s) when at the tail. A start beyond the tail fails with {@link
   * dev.s2reactive.core.error.RangeNotSatisfiableException}.
   */
  public Publisher<ReadBatch> readOnce(ReadSpec spec) {
    Map<String, String> query = new ReadCursor(spec, 0).initialQuery();
    UnaryRequest req =
        request(HttpMethod.GET, recordsPath() + PathSegments.query(query), null, true);
    Duration wait = spec.waitTime().orElse(Duration.ZERO);
    if (!wait.isZero()) {
      req =
          req.withExtraTimeout(
              wait.compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : wait);
    }
    return transport
        .exchange(req, spec.retryPolicy().orElse(transport.options().retryPolicy()))
        .map(r -> S2Json.decodeReadBatch(r.body(), RecordFormat.BASE64));
  }

  /** The records of a streaming read; see {@link ReadSession} for backpressure and faults. */
  public ReadSession read(ReadSpec spec) {
    return new RecordsSession(spec);
  }

  /**
   * The batches of a streaming read, heartbeats included: a batch without records carries the tail
   * and says the read has caught up. Same session, backpressure and fault handling as {@link
   * #read(ReadSpec)}; each batch holds at most 1000 records / 1 MiB.
   */
  public Publisher<ReadBatch> readBatches(ReadSpec spec) {
    return batches(spec, cursor -> {});
  }

  /** A new append sink; subscribe it to a publisher of records. */
  public AppendSink newSink(AppendOptions options) {
    RetryPolicy policy = options.retryPolicy().orElse(transport.options().retryPolicy());
    if (transport.options().transport() != TransportPreference.S2S || transport.s2sUnsupported()) {
      // separate requests may be processed out of order: one batch at a time keeps the order
      return new PipelinedAppendSink(
          options,
          policy,
          metered(input -> appendOnce(input, RetryPolicy.none())),
          1,
          () -> {},
          reactor.core.scheduler.Schedulers.parallel())
          .metrics(transport.metrics());
    }
    URI uri = URI.create(target.baseUri() + recordsPath());
    S2sAppendSession session =
        new S2sAppendSession(
            transport,
            uri,
            HttpTransport.basinHeaders(target.basinHeader()),
            switch (transport.options().compression()) {
              case ZSTD -> dev.s2reactive.core.internal.codec.s2s.Compression.ZSTD;
              case GZIP -> dev.s2reactive.core.internal.codec.s2s.Compression.GZIP;
              case NONE -> dev.s2reactive.core.internal.codec.s2s.Compression.NONE;
            });
    return new PipelinedAppendSink(
        options,
        policy,
        metered(input ->
            transport.s2sUnsupported()
                ? appendOnce(input, RetryPolicy.none())
                : session
                    .append(input)
                    .onErrorResume(
                        HttpTransport::isProtocolMismatch,
                        e -> {
                          transport.markS2sUnsupported();
                          return appendOnce(input, RetryPolicy.none());
                        })),
        Integer.MAX_VALUE,
        session::close,
        reactor.core.scheduler.Schedulers.parallel())
        .beforeResend(session::restart)
        .metrics(transport.metrics());
  }

  /** Reports each batch sent by a sink as in flight until it settles, and its ack latency. */
  private Function<AppendInput, Mono<AppendAck>> metered(
      Function<AppendInput, Mono<AppendAck>> send) {
    ClientMetrics metrics = transport.metrics();
    if (metrics == ClientMetrics.NOOP) {
      return send;
    }
    return input -> Mono.defer(() -> {
      long bytes = input.meteredBytes();
      long start = System.nanoTime();
      metrics.appendSent(bytes);
      return send.apply(input)
          .doOnEach(signal -> {
            if (signal.isOnNext() || signal.isOnError()) {
              metrics.appendSettled(bytes, System.nanoTime() - start, signal.isOnNext());
            }
          })
          .doOnCancel(() -> metrics.appendSettled(bytes, System.nanoTime() - start, false));
    });
  }

  private Mono<AppendAck> appendOnce(AppendInput input, RetryPolicy policy) {
    byte[] body = S2Json.encodeAppendInput(input, RecordFormat.BASE64);
    UnaryRequest req = request(HttpMethod.POST, recordsPath(), body, false);
    return transport.exchange(req, policy).map(r -> S2Json.decodeAppendAck(r.body()));
  }

  private Flux<ReadBatch> batches(ReadSpec spec, Consumer<ReadCursor> onCursor) {
    Duration heartbeat = spec.heartbeatTimeout().orElse(transport.options().heartbeatTimeout());
    RetryPolicy policy = spec.retryPolicy().orElse(transport.options().retryPolicy());
    Map<String, String> headers = HttpTransport.basinHeaders(target.basinHeader());
    ClientMetrics metrics = transport.metrics();
    Function<Map<String, String>, Flux<ReadBatch>> opener =
        query -> {
          URI uri = URI.create(target.baseUri() + recordsPath() + PathSegments.query(query));
          if (transport.options().transport() != TransportPreference.S2S
              || transport.s2sUnsupported()) {
            return SseReadSession.open(transport, uri, headers, heartbeat);
          }
          return S2sReadSession.open(transport, uri, headers, heartbeat, acceptEncoding())
              .onErrorResume(
                  HttpTransport::isProtocolMismatch,
                  e -> {
                    transport.markS2sUnsupported();
                    return SseReadSession.open(transport, uri, headers, heartbeat);
                  });
        };
    Flux<ReadBatch> batches =
        ReadLoop.batches(
            opener,
            spec,
            policy,
            transport.options().refreshTokenOnUnauthorized(),
            onCursor,
            metrics);
    return metrics == ClientMetrics.NOOP ? batches : batches.doOnNext(metrics::readBatch);
  }

  private String acceptEncoding() {
    return switch (transport.options().compression()) {
      case ZSTD -> "zstd";
      case GZIP -> "gzip";
      case NONE -> "";
    };
  }

  private String recordsPath() {
    return S2Basin.streamPath(name) + "/records";
  }

  private UnaryRequest request(HttpMethod method, String path, byte[] body, boolean idempotent) {
    Map<String, String> headers = new HashMap<>(HttpTransport.basinHeaders(target.basinHeader()));
    headers.put(RecordFormat.HEADER, RecordFormat.BASE64.headerValue());
    return UnaryRequest.of(method, target.baseUri(), path, headers, body, idempotent);
  }

  /** Publisher of records whose accessors reflect the latest subscription's cursor. */
  private final class RecordsSession implements ReadSession {
    private final ReadSpec spec;
    private volatile OptionalLong nextSeqNum = OptionalLong.empty();
    private volatile boolean caughtUp;
    private volatile Optional<StreamPosition> lastTail = Optional.empty();

    RecordsSession(ReadSpec spec) {
      this.spec = spec;
    }

    @Override
    public void subscribe(Subscriber<? super SequencedRecord> subscriber) {
      batches(
              spec,
              cursor -> {
                nextSeqNum = cursor.nextSeqNum();
                caughtUp = cursor.isCaughtUp();
                lastTail = cursor.lastKnownTail();
              })
          .concatMapIterable(ReadBatch::records, 1)
          .subscribe(subscriber);
    }

    @Override
    public OptionalLong nextSeqNum() {
      return nextSeqNum;
    }

    @Override
    public boolean isCaughtUp() {
      return caughtUp;
    }

    @Override
    public Optional<StreamPosition> lastKnownTail() {
      return lastTail;
    }
  }
}

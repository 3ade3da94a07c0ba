package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.json.RecordFormat;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.sse.LastEventId;
import dev.s2reactive.core.internal.validation.AppendValidation;
import dev.s2reactive.core.internal.validation.Names;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.TailResponse;
import dev.s2reactive.server.internal.auth.Principal;
import dev.s2reactive.server.internal.catalog.AutoCreate;
import dev.s2reactive.server.internal.engine.ActiveStream;
import dev.s2reactive.server.internal.engine.ReadRequest;
import dev.s2reactive.server.internal.engine.ReadStart;
import dev.s2reactive.server.internal.engine.SharedBatch;
import dev.s2reactive.server.internal.http.ErrorResponses;
import dev.s2reactive.server.internal.http.HttpResponses;
import dev.s2reactive.server.internal.http.RequestBasin;
import dev.s2reactive.server.internal.http.RequestBodies;
import dev.s2reactive.server.internal.http.Route;
import dev.s2reactive.server.internal.http.Router;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The records endpoints (protocol §5–§9): check-tail, append (JSON, protobuf, s2s session) and
 * read (JSON, protobuf, SSE, s2s session).
 *
 * <p>Every request is checked in the reference server's order — headers, body, record and batch
 * limits, then the stream — and failures before a response starts are plain JSON error responses
 * (with the 412 and 416 bodies where they apply). Nothing blocks an event loop: large bodies are
 * decoded on the parallel scheduler, storage work runs in the engine. Streaming responses are
 * written with Reactor Netty's {@code send(Publisher)} through {@link WritableDemand}, so demand on
 * the read session follows the writes completing on the connection and a slow reader stalls only
 * itself, holding a few MiB on the server; a disconnect cancels the session.
 */
public final class RecordRoutes {

  /** Default cap on a unary append body, compressed or not (a 1 MiB batch fits with room). */
  /** Header carrying the config of a stream that a records request auto-creates. */
  static final String STREAM_CONFIG_HEADER = "s2-stream-config";

  public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

  private static final String ENCRYPTION_KEY_HEADER = "s2-encryption-key";

  /** Bodies larger than this are decoded off the event loop. */
  private static final int INLINE_DECODE_BYTES = 64 * 1024;

  private final StreamResolver resolver;
  private final Function<HttpServerRequest, Principal> principals;
  private final RequestBodies bodies;
  private final int maxBodyBytes;

  private RecordRoutes(
      StreamResolver resolver,
      Function<HttpServerRequest, Principal> principals,
      RequestBodies bodies,
      int maxBodyBytes) {
    this.resolver = resolver;
    this.principals = principals;
    this.bodies = bodies;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Registers the routes with the default body cap and body timeout. */
  public static void register(
      Router.Builder routes,
      StreamResolver resolver,
      Function<HttpServerRequest, Principal> principals) {
    register(routes, resolver, principals, RequestBodies.defaults(), DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * Registers the routes.
   *
   * @param principals who is asking; may throw an {@code S2Exception} (e.g. 401) to refuse
   * @param bodies reads unary append bodies (413 / 415 per {@link RequestBodies.Failures#RECORDS})
   * @param maxBodyBytes cap on a unary append body, before and after decompression (413 beyond)
   */
  public static void register(
      Router.Builder routes,
      StreamResolver resolver,
      Function<HttpServerRequest, Principal> principals,
      RequestBodies bodies,
      int maxBodyBytes) {
    RecordRoutes r = new RecordRoutes(resolver, principals, bodies, maxBodyBytes);
    routes
        .route(HttpMethod.GET, "/v1/streams/{stream}/records/tail", guarded(r::checkTail))
        .route(HttpMethod.POST, "/v1/streams/{stream}/records", guarded(r::append))
        .route(HttpMethod.GET, "/v1/streams/{stream}/records", guarded(r::read));
  }

  private interface Handler {
    Mono<Void> handle(HttpServerRequest request, HttpServerResponse response, String stream);
  }

  /** Renders every failure before the response starts with the right body (412/416 included). */
  private static Route guarded(Handler handler) {
    return (request, response, params) ->
        Mono.defer(() -> handler.handle(request, response, streamName(params)))
            .onErrorResume(error -> Mono.from(ErrorResponses.send(response, error)));
  }

  private static String streamName(Map<String, String> params) {
    String stream = params.get("stream");
    Optional<String> error = Names.streamNameError(stream);
    if (error.isPresent()) {
      throw S2Exception.of(ErrorCode.BAD_PATH, error.get());
    }
    return stream;
  }

  /**
   * The {@code s2-stream-config} header that S2's SDKs send with records requests: the config of
   * the stream if this request auto-creates it.
   */
  private static StreamConfig configIfCreated(HttpServerRequest request) {
    String value = request.requestHeaders().get(STREAM_CONFIG_HEADER);
    if (value == null) {
      return StreamConfig.EMPTY;
    }
    try {
      return S2Json.decodeStreamConfig(value.getBytes(StandardCharsets.UTF_8));
    } catch (S2Exception e) {
      if (e.status() == 422) {
        throw e;
      }
      throw S2Exception.of(
          ErrorCode.BAD_HEADER, "Invalid header `" + STREAM_CONFIG_HEADER + "`: " + e.getMessage());
    }
  }

  /**
   * The open stream behind a request. Its errors name the stream as the caller does: with {@code
   * auto_prefix_streams} the stored name carries the token's prefix, which must not leak.
   */
  private Mono<ActiveStream> resolve(
      String basin, String stored, String stream, AutoCreate mode, HttpServerRequest request) {
    return resolver
        .resolve(basin, stored, mode, configIfCreated(request))
        .onErrorMap(e -> ErrorResponses.withVisibleStreamName(e, stored, stream));
  }

  // ---- check-tail ----

  private Mono<Void> checkTail(
      HttpServerRequest request, HttpServerResponse response, String stream) {
    String basin = RequestBasin.of(request);
    String stored = principals.apply(request).checkStream(Operation.CHECK_TAIL, basin, stream);
    return resolve(basin, stored, stream, AutoCreate.ON_READ, request)
        .flatMap(ActiveStream::checkTail)
        .flatMap(tail ->
            Responses.json(response, S2Json.encodeTailResponse(new TailResponse(tail))));
  }

  // ---- append ----

  private Mono<Void> append(HttpServerRequest request, HttpServerResponse response, String stream) {
    String contentType = header(request, HttpHeaderNames.CONTENT_TYPE);
    String basin = RequestBasin.of(request);
    checkEncryptionKeyHeader(request);
    if (MediaTypes.isS2s(contentType)) {
      Principal principal = principals.apply(request);
      String stored = principal.checkStream(Operation.APPEND, basin, stream);
      return resolve(basin, stored, stream, AutoCreate.ON_APPEND, request)
          .flatMap(active -> streamResponse(
              response,
              MediaTypes.S2S,
              S2sAppendSession.run(
                  request.receive(), active, s2sCompression(request),
                  input -> principal.checkCommands(basin, stream, input))));
    }
    boolean protobuf = MediaTypes.isProtobuf(contentType);
    if (!protobuf && !MediaTypes.isJson(contentType)) {
      throw S2Exception.of(
          ErrorCode.BAD_JSON, "Expected request with `Content-Type: application/json`");
    }
    RecordFormat format = protobuf
        ? RecordFormat.RAW
        : RecordFormat.fromHeader(request.requestHeaders().get(RecordFormat.HEADER));
    boolean protobufAck = MediaTypes.isProtobuf(header(request, HttpHeaderNames.ACCEPT));
    Principal principal = principals.apply(request);
    String stored = principal.checkStream(Operation.APPEND, basin, stream);
    return bodies.read(request, maxBodyBytes, RequestBodies.Failures.RECORDS)
        .flatMap(body -> decodeOffLoop(body, bytes -> {
          AppendInput input;
          if (protobuf) {
            input = ProtoCodec.decodeAppendInput(bytes);
            checkFencingToken(input);
          } else {
            input = S2Json.decodeAppendInput(bytes, format);
          }
          AppendValidation.validate(input);
          principal.checkCommands(basin, stream, input);
          return input;
        }))
        .flatMap(input -> resolve(basin, stored, stream, AutoCreate.ON_APPEND, request)
            .flatMap(active -> Mono.fromFuture(() -> active.append(input), true)))
        .flatMap(ack -> sendAck(response, ack, protobufAck));
  }

  private static Mono<AppendInput> decodeOffLoop(
      byte[] body, Function<byte[], AppendInput> decode) {
    Mono<AppendInput> decoded = Mono.fromCallable(() -> decode.apply(body));
    return body.length > INLINE_DECODE_BYTES
        ? decoded.subscribeOn(Schedulers.parallel())
        : decoded;
  }

  private static Mono<Void> sendAck(HttpServerResponse response, AppendAck ack, boolean protobuf) {
    return protobuf
        ? Responses.send(response, 200, MediaTypes.PROTOBUF, ProtoCodec.encode(ack))
        : Responses.json(response, S2Json.encodeAppendAck(ack));
  }

  /** A protobuf fencing token condition is at most 36 bytes (JSON checks it while parsing). */
  static void checkFencingToken(AppendInput input) {
    if (input.fencingToken().isPresent()) {
      Optional<String> error = AppendValidation.fencingTokenError(input.fencingToken().get());
      if (error.isPresent()) {
        throw S2Exception.of(ErrorCode.INVALID, error.get());
      }
    }
  }

  /**
   * Encrypted streams are not supported, but the header's form is checked as the reference
   * server does: 1 to 44 characters (the base64 of a 32-byte key).
   */
  private static void checkEncryptionKeyHeader(HttpServerRequest request) {
    String key = request.requestHeaders().get(ENCRYPTION_KEY_HEADER);
    if (key != null && (key.isEmpty() || key.length() > 44)) {
      throw S2Exception.of(ErrorCode.BAD_HEADER,
          "Invalid header `" + ENCRYPTION_KEY_HEADER + "`: must be between 1 and 44 characters");
    }
  }

  // ---- read ----

  private Mono<Void> read(HttpServerRequest request, HttpServerResponse response, String stream) {
    String basin = RequestBasin.of(request);
    checkEncryptionKeyHeader(request);
    ReadRequest query = ReadQuery.parse(request.uri());
    boolean s2s = MediaTypes.isS2s(header(request, HttpHeaderNames.CONTENT_TYPE));
    String accept = header(request, HttpHeaderNames.ACCEPT);
    boolean sse = !s2s && MediaTypes.isEventStream(accept);
    boolean protobuf = !s2s && !sse && MediaTypes.isProtobuf(accept);
    RecordFormat format = s2s || protobuf
        ? RecordFormat.RAW
        : RecordFormat.fromHeader(request.requestHeaders().get(RecordFormat.HEADER));
    LastEventId resumeFrom = null;
    if (sse) {
      String lastEventId = request.requestHeaders().get(LastEventId.HEADER);
      if (lastEventId != null) {
        resumeFrom = LastEventId.parse(lastEventId);
        query = ReadQuery.resume(query, resumeFrom);
      }
    }
    String stored = principals.apply(request).checkStream(Operation.READ, basin, stream);
    Mono<ActiveStream> active = resolve(basin, stored, stream, AutoCreate.ON_READ, request);
    ReadRequest readRequest = query;
    if (s2s) {
      Compression compression = s2sCompression(request);
      return active.flatMap(a -> session(a, readRequest, response))
          .flatMap(batches -> streamResponse(
              response, MediaTypes.S2S, S2sReadSession.frames(batches, compression)));
    }
    if (sse) {
      long count = resumeFrom == null ? 0 : resumeFrom.count();
      long bytes = resumeFrom == null ? 0 : resumeFrom.bytes();
      // A resumed session whose limits were all delivered before the break is simply done.
      boolean exhausted = resumeFrom != null
          && (readRequest.count().orElse(-1) == 0 || readRequest.bytes().orElse(-1) == 0);
      return active.flatMap(a -> exhausted ? Mono.just(Flux.<SharedBatch>empty())
              : session(a, readRequest, response))
          .flatMap(batches -> streamResponse(
              response, MediaTypes.EVENT_STREAM,
              SseReadSession.events(batches, format, count, bytes)));
    }
    return active
        .flatMap(a -> a.readUnary(readRequest))
        .flatMap(batch -> sendBatch(response, batch, protobuf, format));
  }

  /**
   * Resolves the start first, so that 416/409 are plain HTTP errors, then opens the session from
   * the resolved seq_num. A bounded read that resolved to the tail has nothing to deliver.
   */
  private static Mono<Flux<SharedBatch>> session(
      ActiveStream stream, ReadRequest request, HttpServerResponse response) {
    return stream.resolve(request, false).map(resolved -> {
      if (resolved.startSeqNum() == resolved.tail().seqNum() && !request.mayFollow()) {
        return Flux.<SharedBatch>empty();
      }
      ReadRequest fromSeqNum = new ReadRequest(
          ReadStart.seqNum(resolved.startSeqNum()),
          request.clamp(),
          request.count(),
          request.bytes(),
          request.until(),
          request.waitTime());
      // Delivered on the connection's event loop, which writes them: no hand-off in between,
      // and batches that arrive while it is busy go out together.
      return stream.readSession(fromSeqNum, HttpResponses.eventLoop(response));
    });
  }

  private static Mono<Void> sendBatch(
      HttpServerResponse response, ReadBatch batch, boolean protobuf, RecordFormat format) {
    return protobuf
        ? Responses.send(response, 200, MediaTypes.PROTOBUF, ProtoCodec.encode(batch))
        : Responses.json(response, S2Json.encodeReadBatch(batch, format));
  }

  // ---- shared ----

  /** Starts a streaming 200 response at once and writes {@code body} as the client reads it. */
  private static Mono<Void> streamResponse(
      HttpServerResponse response, String contentType, Flux<ByteBuf> body) {
    response
        .status(HttpResponseStatus.OK)
        .header(HttpHeaderNames.CONTENT_TYPE, contentType)
        .header(HttpHeaderNames.CACHE_CONTROL, Responses.CACHE_CONTROL)
        .header("X-Accel-Buffering", "no");
    Channel channel = HttpResponses.channel(response);
    Flux<ByteBuf> gated = channel == null ? body : WritableDemand.gate(body, channel);
    return HttpResponses.onEventLoop(response, () -> response.sendHeaders().send(gated).then());
  }

  private static Compression s2sCompression(HttpServerRequest request) {
    return Compression.fromAcceptEncoding(
        request.requestHeaders().get(HttpHeaderNames.ACCEPT_ENCODING));
  }

  private static String header(HttpServerRequest request, CharSequence name) {
    return MediaTypes.first(request.requestHeaders().get(name));
  }
}

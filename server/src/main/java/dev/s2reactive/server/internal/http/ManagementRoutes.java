package dev.s2reactive.server.internal.http;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.validation.Names;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.ListBasinsResponse;
import dev.s2reactive.core.model.ListStreamsResponse;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.server.internal.auth.Principal;
import dev.s2reactive.server.internal.catalog.Catalog;
import dev.s2reactive.server.internal.catalog.Provisioned;
import dev.s2reactive.server.internal.catalog.ProvisionResult;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The basin and stream management endpoints (protocol §3): {@code /v1/basins[/{basin}]} and
 * {@code /v1/streams[/{stream}]}. Each request is authenticated, its path, headers, query and body
 * validated (400 {@code bad_path}, {@code bad_header}, {@code bad_query}, {@code bad_json}), then
 * authorized by the {@link Principal} and handed to the {@link Catalog}.
 *
 * <p>The basin of a {@code /v1/streams} request comes from the {@code s2-basin} header, or else
 * from a {@code {basin}.} prefix of the {@code Host} header ({@link RequestBasin}).
 *
 * <p>Threading: nothing here blocks; catalog look-ups are in memory and metadata writes complete
 * asynchronously. Request bodies are aggregated up to {@link #MAX_BODY_BYTES}.
 */
public final class ManagementRoutes {

  /** Management bodies are small; a larger one is rejected before it is buffered. */
  public static final int MAX_BODY_BYTES = RequestBodies.MAX_MANAGEMENT_BODY_BYTES;

  private static final String PROVISION_RESULT = "s2-provision-result";
  private static final String REQUEST_TOKEN = "s2-request-token";

  private final Catalog catalog;
  private final Function<HttpServerRequest, Mono<Principal>> authenticator;
  private final RequestBodies bodies;

  private ManagementRoutes(
      Catalog catalog,
      Function<HttpServerRequest, Mono<Principal>> authenticator,
      RequestBodies bodies) {
    this.catalog = catalog;
    this.authenticator = authenticator;
    this.bodies = bodies;
  }

  /**
   * Registers the routes.
   *
   * @param authenticator the caller of a request (fails with 401 {@code authn} when it cannot be
   *     authenticated); must not block
   */
  public static void register(
      Router.Builder routes,
      Catalog catalog,
      Function<HttpServerRequest, Mono<Principal>> authenticator) {
    register(routes, catalog, authenticator, RequestBodies.defaults());
  }

  /** Registers the routes, reading request bodies with {@code bodies}. */
  public static void register(
      Router.Builder routes,
      Catalog catalog,
      Function<HttpServerRequest, Mono<Principal>> authenticator,
      RequestBodies bodies) {
    ManagementRoutes r = new ManagementRoutes(catalog, authenticator, bodies);
    routes
        .route(HttpMethod.GET, "/v1/basins", r.authenticated(r::listBasins))
        .route(HttpMethod.POST, "/v1/basins", r.authenticated(r::createBasin))
        .route(HttpMethod.GET, "/v1/basins/{basin}", r.authenticated(r::getBasin))
        .route(HttpMethod.PUT, "/v1/basins/{basin}", r.authenticated(r::ensureBasin))
        .route(HttpMethod.PATCH, "/v1/basins/{basin}", r.authenticated(r::reconfigureBasin))
        .route(HttpMethod.DELETE, "/v1/basins/{basin}", r.authenticated(r::deleteBasin))
        .route(HttpMethod.GET, "/v1/streams", r.authenticated(r::listStreams))
        .route(HttpMethod.POST, "/v1/streams", r.authenticated(r::createStream))
        .route(HttpMethod.GET, "/v1/streams/{stream}", r.authenticated(r::getStream))
        .route(HttpMethod.PUT, "/v1/streams/{stream}", r.authenticated(r::ensureStream))
        .route(HttpMethod.PATCH, "/v1/streams/{stream}", r.authenticated(r::reconfigureStream))
        .route(HttpMethod.DELETE, "/v1/streams/{stream}", r.authenticated(r::deleteStream));
  }

  /** One authenticated request to a management endpoint. */
  private record Call(
      Principal principal,
      HttpServerRequest request,
      HttpServerResponse response,
      Map<String, String> path) {

    Mono<Void> sendJson(HttpResponseStatus status, byte[] json) {
      return HttpResponses.json(response, status, json);
    }
  }

  /** Authenticates each request, then hands it to {@code handler}. */
  private Route authenticated(Function<Call, Mono<Void>> handler) {
    return (request, response, path) ->
        authenticator
            .apply(request)
            .flatMap(principal -> handler.apply(new Call(principal, request, response, path)));
  }

  // ---------------------------------------------------------------------------------------------
  // Basins

  private Mono<Void> listBasins(Call call) {
    ListQuery query = ListQuery.parse(call.request().uri(), ListQuery.Kind.BASINS);
    call.principal().checkAccount(Operation.LIST_BASINS);
    ListBasinsResponse page =
        catalog.listBasins(
            query.prefix(), query.startAfter(), query.limit(), call.principal()::canSeeBasin);
    return call.sendJson(HttpResponseStatus.OK, S2Json.encodeListBasinsResponse(page));
  }

  private Mono<Void> createBasin(Call call) {
    Optional<String> token = requestToken(call.request());
    return bodies
        .json(call.request(), MAX_BODY_BYTES)
        .flatMap(
            body -> {
              CreateBasinRequest create = S2Json.decodeCreateBasinRequest(body);
              call.principal().checkBasin(Operation.CREATE_BASIN, create.basin());
              return catalog.createBasin(create, token);
            })
        .flatMap(p -> sendProvisionedBasin(call, p, true));
  }

  private Mono<Void> getBasin(Call call) {
    String basin = pathBasin(call.path());
    call.principal().checkBasin(Operation.GET_BASIN_CONFIG, basin);
    BasinConfig config = catalog.basinConfig(basin);
    return call.sendJson(HttpResponseStatus.OK, S2Json.encodeBasinConfig(config));
  }

  private Mono<Void> ensureBasin(Call call) {
    String basin = pathBasin(call.path());
    return bodies
        .optionalJson(call.request(), MAX_BODY_BYTES)
        .flatMap(
            body -> {
              EnsureBasinRequest ensure = S2Json.decodeEnsureBasinRequest(body);
              Operation op =
                  catalog.basinExists(basin) ? Operation.RECONFIGURE_BASIN : Operation.CREATE_BASIN;
              call.principal().checkBasin(op, basin);
              return catalog.ensureBasin(basin, ensure);
            })
        .flatMap(p -> sendProvisionedBasin(call, p, false));
  }

  private Mono<Void> reconfigureBasin(Call call) {
    String basin = pathBasin(call.path());
    return bodies
        .json(call.request(), MAX_BODY_BYTES)
        .flatMap(
            body -> {
              var patch = S2Json.decodeBasinReconfiguration(body);
              call.principal().checkBasin(Operation.RECONFIGURE_BASIN, basin);
              return catalog.reconfigureBasin(basin, patch);
            })
        .flatMap(
            config -> call.sendJson(HttpResponseStatus.OK, S2Json.encodeBasinConfig(config)));
  }

  private Mono<Void> deleteBasin(Call call) {
    String basin = pathBasin(call.path());
    call.principal().checkBasin(Operation.DELETE_BASIN, basin);
    return catalog
        .deleteBasin(basin)
        .then(HttpResponses.empty(call.response(), HttpResponseStatus.ACCEPTED));
  }

  private static Mono<Void> sendProvisionedBasin(
      Call call, Provisioned<BasinInfo> provisioned, boolean create) {
    // Creates answer 201 even when replayed (as lite does); ensures 201 only when created.
    return sendProvisioned(
        call, provisioned.result(), S2Json.encodeBasinInfo(provisioned.resource()), create);
  }

  // ---------------------------------------------------------------------------------------------
  // Streams

  private Mono<Void> listStreams(Call call) {
    String basin = RequestBasin.of(call.request());
    ListQuery query = ListQuery.parse(call.request().uri(), ListQuery.Kind.STREAMS);
    Principal principal = call.principal();
    principal.checkBasin(Operation.LIST_STREAMS, basin);
    ListStreamsResponse page =
        catalog.listStreams(
            basin,
            principal.storedStreamPrefix(query.prefix()),
            principal.storedStreamPrefix(query.startAfter()),
            query.limit(),
            principal::visibleStreamName);
    return call.sendJson(HttpResponseStatus.OK, S2Json.encodeListStreamsResponse(page));
  }

  private Mono<Void> createStream(Call call) {
    Optional<String> token = requestToken(call.request());
    String basin = RequestBasin.of(call.request());
    return bodies
        .json(call.request(), MAX_BODY_BYTES)
        .flatMap(
            body -> {
              CreateStreamRequest create = S2Json.decodeCreateStreamRequest(body);
              return onStream(
                      call.principal(),
                      Operation.CREATE_STREAM,
                      basin,
                      create.stream(),
                      ErrorCode.BAD_JSON,
                      stored ->
                          catalog.createStream(
                              basin, new CreateStreamRequest(stored, create.config()), token))
                  .flatMap(p -> sendProvisionedStream(call, p, create.stream(), true));
            });
  }

  private Mono<Void> getStream(Call call) {
    String basin = RequestBasin.of(call.request());
    String stream = pathStream(call.path());
    return onStream(
            call.principal(),
            Operation.GET_STREAM_CONFIG,
            basin,
            stream,
            ErrorCode.BAD_PATH,
            stored -> Mono.fromSupplier(() -> catalog.streamConfig(basin, stored)))
        .flatMap(
            config -> call.sendJson(HttpResponseStatus.OK, S2Json.encodeStreamConfig(config)));
  }

  private Mono<Void> ensureStream(Call call) {
    String basin = RequestBasin.of(call.request());
    String stream = pathStream(call.path());
    return bodies
        .optionalJson(call.request(), MAX_BODY_BYTES)
        .flatMap(
            body -> {
              Optional<StreamConfig> config =
                  body.length == 0
                      ? Optional.empty()
                      : Optional.of(S2Json.decodeEnsureStreamConfig(body));
              Principal principal = call.principal();
              Operation op =
                  catalog.streamExists(basin, principal.storedStreamPrefix(stream))
                      ? Operation.RECONFIGURE_STREAM
                      : Operation.CREATE_STREAM;
              return onStream(
                  principal,
                  op,
                  basin,
                  stream,
                  ErrorCode.BAD_PATH,
                  stored -> catalog.ensureStream(basin, stored, config));
            })
        .flatMap(p -> sendProvisionedStream(call, p, stream, false));
  }

  private Mono<Void> reconfigureStream(Call call) {
    String basin = RequestBasin.of(call.request());
    String stream = pathStream(call.path());
    return bodies
        .json(call.request(), MAX_BODY_BYTES)
        .flatMap(
            body -> {
              var patch = S2Json.decodeStreamReconfiguration(body);
              return onStream(
                  call.principal(),
                  Operation.RECONFIGURE_STREAM,
                  basin,
                  stream,
                  ErrorCode.BAD_PATH,
                  stored -> catalog.reconfigureStream(basin, stored, patch));
            })
        .flatMap(
            config -> call.sendJson(HttpResponseStatus.OK, S2Json.encodeStreamConfig(config)));
  }

  private Mono<Void> deleteStream(Call call) {
    String basin = RequestBasin.of(call.request());
    String stream = pathStream(call.path());
    return onStream(
            call.principal(),
            Operation.DELETE_STREAM,
            basin,
            stream,
            ErrorCode.BAD_PATH,
            stored -> catalog.deleteStream(basin, stored))
        .then(HttpResponses.empty(call.response(), HttpResponseStatus.ACCEPTED));
  }

  /**
   * Authorizes a stream operation and runs {@code action} on the stream's stored name, reporting
   * its errors under the name the caller used. The stored name must itself be a valid name (a
   * token's {@code auto_prefix_streams} prefix makes it longer): {@code invalid} otherwise.
   */
  private static <T> Mono<T> onStream(
      Principal principal,
      Operation operation,
      String basin,
      String stream,
      ErrorCode invalid,
      Function<String, Mono<T>> action) {
    String stored = principal.checkStream(operation, basin, stream);
    if (!stored.equals(stream)) {
      Names.streamNameError(stored)
          .ifPresent(
              reason -> {
                throw S2Exception.of(invalid, "Invalid stream name: " + reason);
              });
    }
    return action
        .apply(stored)
        .onErrorMap(e -> ErrorResponses.withVisibleStreamName(e, stored, stream));
  }

  private static Mono<Void> sendProvisionedStream(
      Call call, Provisioned<StreamInfo> provisioned, String visibleName, boolean create) {
    StreamInfo info = provisioned.resource();
    StreamInfo renamed =
        new StreamInfo(visibleName, info.createdAt(), info.deletedAt(), info.cipher());
    return sendProvisioned(call, provisioned.result(), S2Json.encodeStreamInfo(renamed), create);
  }

  // ---------------------------------------------------------------------------------------------
  // Request parts

  private static String pathBasin(Map<String, String> path) {
    String basin = path.get("basin");
    Names.basinNameError(basin)
        .ifPresent(
            reason -> {
              throw S2Exception.of(ErrorCode.BAD_PATH, "Invalid basin name: " + reason);
            });
    return basin;
  }

  private static String pathStream(Map<String, String> path) {
    String stream = path.get("stream");
    Names.streamNameError(stream)
        .ifPresent(
            reason -> {
              throw S2Exception.of(ErrorCode.BAD_PATH, "Invalid stream name: " + reason);
            });
    return stream;
  }

  private static Optional<String> requestToken(HttpServerRequest request) {
    String token = request.requestHeaders().get(REQUEST_TOKEN);
    if (token == null) {
      return Optional.empty();
    }
    // Netty gives header values one char per byte, so the length is the byte count.
    if (token.length() > Names.MAX_REQUEST_TOKEN_BYTES) {
      throw S2Exception.of(
          ErrorCode.BAD_HEADER,
          "Invalid header `"
              + REQUEST_TOKEN
              + "`: request token must not exceed "
              + Names.MAX_REQUEST_TOKEN_BYTES
              + " bytes in length");
    }
    return Optional.of(token);
  }

  // ---------------------------------------------------------------------------------------------
  // Responses

  private static Mono<Void> sendProvisioned(
      Call call, ProvisionResult result, byte[] json, boolean alwaysCreated) {
    HttpResponseStatus status =
        alwaysCreated || result == ProvisionResult.CREATED
            ? HttpResponseStatus.CREATED
            : HttpResponseStatus.OK;
    call.response().header(PROVISION_RESULT, result.wireName());
    return call.sendJson(status, json);
  }
}

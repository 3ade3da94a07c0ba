package dev.s2reactive.server.internal.http;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.validation.Names;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.IssueAccessTokenResponse;
import dev.s2reactive.core.model.ListAccessTokensResponse;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.server.internal.auth.AccessTokens;
import dev.s2reactive.server.internal.auth.Authenticator;
import dev.s2reactive.server.internal.auth.Principal;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code /v1/access-tokens} (protocol §3, §4.4, §12): list (200), issue (201 {@code
 * {"access_token":…}}) and revoke (204, empty body).
 *
 * <p>Every request is authenticated first (401 {@code authn}), then checked against the caller's
 * scope. Nothing here blocks: authentication and listing are in memory and issue/revoke complete
 * when the metadata write does.
 */
public final class AccessTokenRoutes {

  /** Largest issue request body accepted; a real one is well under 1 KiB. */
  static final int MAX_BODY_BYTES = RequestBodies.MAX_MANAGEMENT_BODY_BYTES;

  private static final String PATH = "/v1/access-tokens";

  private final Authenticator authenticator;
  private final AccessTokens tokens;
  private final RequestBodies bodies;

  private AccessTokenRoutes(Authenticator authenticator, AccessTokens tokens, RequestBodies bodies) {
    this.authenticator = authenticator;
    this.tokens = tokens;
    this.bodies = bodies;
  }

  public static void register(
      Router.Builder routes, Authenticator authenticator, AccessTokens tokens) {
    register(routes, authenticator, tokens, RequestBodies.defaults());
  }

  /** Registers the routes, reading request bodies with {@code bodies}. */
  public static void register(
      Router.Builder routes, Authenticator authenticator, AccessTokens tokens, RequestBodies bodies) {
    AccessTokenRoutes handlers = new AccessTokenRoutes(authenticator, tokens, bodies);
    routes
        .route(HttpMethod.GET, PATH, handlers::list)
        .route(HttpMethod.POST, PATH, handlers::issue)
        .route(HttpMethod.DELETE, PATH + "/{id}", handlers::revoke);
  }

  private Mono<Void> list(
      HttpServerRequest request, HttpServerResponse response, Map<String, String> params) {
    Principal caller = authenticator.authenticate(request);
    ListQuery query = ListQuery.parse(request.uri(), ListQuery.Kind.ACCESS_TOKENS);
    ListAccessTokensResponse page =
        tokens.list(caller, query.prefix(), query.startAfter(), query.limit());
    return HttpResponses.json(
        response, HttpResponseStatus.OK, S2Json.encodeListAccessTokensResponse(page));
  }

  private Mono<Void> issue(
      HttpServerRequest request, HttpServerResponse response, Map<String, String> params) {
    Principal caller = authenticator.authenticate(request);
    // The id is in the body; check the operation before reading it.
    caller.checkAccount(Operation.ISSUE_ACCESS_TOKEN);
    return bodies
        .json(request, MAX_BODY_BYTES)
        .flatMap(
            body -> {
              IssueAccessTokenRequest issue = S2Json.decodeIssueAccessTokenRequest(body);
              return Mono.fromFuture(() -> tokens.issue(caller, issue));
            })
        .flatMap(
            secret ->
                HttpResponses.json(
                    response,
                    HttpResponseStatus.CREATED,
                    S2Json.encodeIssueAccessTokenResponse(new IssueAccessTokenResponse(secret))));
  }

  private Mono<Void> revoke(
      HttpServerRequest request, HttpServerResponse response, Map<String, String> params) {
    Principal caller = authenticator.authenticate(request);
    String id = params.get("id");
    Names.accessTokenIdError(id)
        .ifPresent(
            message -> {
              throw S2Exception.of(ErrorCode.BAD_PATH, message);
            });
    return Mono.fromFuture(() -> tokens.revoke(caller, id))
        .then(HttpResponses.empty(response, HttpResponseStatus.NO_CONTENT));
  }
}

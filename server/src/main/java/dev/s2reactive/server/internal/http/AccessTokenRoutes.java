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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final String PATH = "/v1/access-tokens";

  private final Authenticator authenticator;
  private final AccessTokens tokens;

  private AccessTokenRoutes(Authenticator authenticator, AccessTokens tokens) {
    this.authenticator = authenticator;
    this.tokens = tokens;
  }

  public static void register(
      Router.Builder routes, Authenticator authenticator, AccessTokens tokens) {
    AccessTokenRoutes handlers = new AccessTokenRoutes(authenticator, tokens);
    routes
        .route(HttpMethod.GET, PATH, handlers::list)
        .route(HttpMethod.POST, PATH, handlers::issue)
        .route(HttpMethod.DELETE, PATH + "/{id}", handlers::revoke);
  }

  private Mono<Void> list(
      HttpServerRequest request, HttpServerResponse response, Map<String, String> params) {
    Principal caller = authenticator.authenticate(request);
    Map<String, List<String>> query = query(request.uri());
    String prefix = queryName(query, "prefix", Names::accessTokenIdPrefixError);
    String startAfter = queryName(query, "start_after", Names::accessTokenIdStartAfterError);
    int limit = queryLimit(query);
    ListAccessTokensResponse page = tokens.list(caller, prefix, startAfter, limit);
    return sendJson(response, HttpResponseStatus.OK, S2Json.encodeListAccessTokensResponse(page));
  }

  private Mono<Void> issue(
      HttpServerRequest request, HttpServerResponse response, Map<String, String> params) {
    Principal caller = authenticator.authenticate(request);
    // The id is in the body; check the operation before reading it.
    caller.checkAccount(Operation.ISSUE_ACCESS_TOKEN);
    requireJsonContentType(request);
    return readBody(request)
        .flatMap(
            body -> {
              IssueAccessTokenRequest issue = S2Json.decodeIssueAccessTokenRequest(body);
              return Mono.fromFuture(() -> tokens.issue(caller, issue));
            })
        .flatMap(
            secret ->
                sendJson(
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

  // ---- request helpers ----

  /**
   * Requires a JSON request body type (protocol §2): the first media type of {@code Content-Type}
   * must be {@code application/json} or {@code application/*+json}.
   */
  static void requireJsonContentType(HttpServerRequest request) {
    if (!isJsonContentType(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE))) {
      throw S2Exception.of(
          ErrorCode.BAD_JSON, "Expected request with `Content-Type: application/json`");
    }
  }

  static boolean isJsonContentType(String contentType) {
    if (contentType == null) {
      return false;
    }
    String first = contentType.split(",", 2)[0];
    int params = first.indexOf(';');
    String type =
        (params < 0 ? first : first.substring(0, params)).strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json")) {
      return true;
    }
    return type.startsWith("application/")
        && type.endsWith("+json")
        && type.length() > "application/+json".length();
  }

  private static Mono<byte[]> readBody(HttpServerRequest request) {
    return request
        .receive()
        .asByteArray()
        .reduceWith(
            ByteArrayOutputStream::new,
            (out, chunk) -> {
              if (out.size() + chunk.length > MAX_BODY_BYTES) {
                throw S2Exception.of(ErrorCode.BAD_JSON, "Request body is too large");
              }
              out.writeBytes(chunk);
              return out;
            })
        .map(ByteArrayOutputStream::toByteArray);
  }

  private static Map<String, List<String>> query(String uri) {
    try {
      return new QueryStringDecoder(uri).parameters();
    } catch (IllegalArgumentException e) {
      throw S2Exception.of(ErrorCode.BAD_QUERY, "Invalid query string");
    }
  }

  private static String queryName(
      Map<String, List<String>> query, String name, Function<String, Optional<String>> check) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return "";
    }
    String value = values.get(0);
    check
        .apply(value)
        .ifPresent(
            message -> {
              throw S2Exception.of(ErrorCode.BAD_QUERY, "Invalid query `" + name + "`: " + message);
            });
    return value;
  }

  /** {@code limit}: an unsigned decimal integer; 0 and values above 1000 mean 1000. */
  private static int queryLimit(Map<String, List<String>> query) {
    List<String> values = query.get("limit");
    if (values == null || values.isEmpty()) {
      return AccessTokens.MAX_LIST_LIMIT;
    }
    String value = values.get(0);
    if (value.isEmpty()
        || value.length() > 20
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw S2Exception.of(ErrorCode.BAD_QUERY, "Invalid query `limit`: " + value);
    }
    long limit;
    try {
      limit = Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw S2Exception.of(ErrorCode.BAD_QUERY, "Invalid query `limit`: " + value);
    }
    return limit == 0 || Long.compareUnsigned(limit, AccessTokens.MAX_LIST_LIMIT) > 0
        ? AccessTokens.MAX_LIST_LIMIT
        : (int) limit;
  }

  private static Mono<Void> sendJson(
      HttpServerResponse response, HttpResponseStatus status, byte[] json) {
    return HttpResponses.json(response, status, json);
  }
}

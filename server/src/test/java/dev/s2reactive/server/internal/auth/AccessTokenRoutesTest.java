package dev.s2reactive.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.model.AccessTokenInfo;
import dev.s2reactive.core.model.ListAccessTokensResponse;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.server.internal.http.AccessTokenRoutes;
import dev.s2reactive.server.internal.http.HttpHandler;
import dev.s2reactive.server.internal.http.Router;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** {@code /v1/access-tokens} over real HTTP, with auth on and off. */
class AccessTokenRoutesTest {

  private static final String READ_SCOPE =
      "{\"basins\":{\"prefix\":\"\"},\"streams\":{\"prefix\":\"\"},\"ops\":[\"read\"]}";

  private static InMemoryStorage storage;
  private static AccessTokens tokens;
  private static String rootSecret;
  private static DisposableServer server;
  private static DisposableServer openServer;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    storage = new InMemoryStorage();
    tokens = AccessTokens.load(storage, Clock.systemUTC());
    rootSecret = RootToken.bootstrap(tokens, storage, Optional.empty()).orElseThrow();
    server = serve(Authenticator.enabled(tokens));
    openServer = serve(Authenticator.disabled());
  }

  private static DisposableServer serve(Authenticator authenticator) {
    Router.Builder routes = Router.builder();
    AccessTokenRoutes.register(routes, authenticator, tokens);
    return HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .handle(new HttpHandler(routes.build(), false))
        .bindNow();
  }

  @AfterAll
  static void stop() {
    server.disposeNow();
    openServer.disposeNow();
    storage.close();
  }

  @Test
  void issueListAndRevokeRoundTrip() throws Exception {
    HttpResponse<String> issued =
        send(post("/v1/access-tokens", "{\"id\":\"http-1\",\"scope\":" + READ_SCOPE + "}"));
    assertThat(issued.statusCode()).isEqualTo(201);
    assertThat(issued.headers().firstValue("content-type")).hasValue("application/json");
    String secret =
        S2Json.decodeIssueAccessTokenResponse(issued.body().getBytes(StandardCharsets.UTF_8))
            .accessToken();
    assertThat(issued.body()).isEqualTo("{\"access_token\":\"" + secret + "\"}");
    assertThat(tokens.authenticate(secret).checkStream(Operation.READ, "some-basin", "s"))
        .isEqualTo("s");

    HttpResponse<String> listed = send(request("/v1/access-tokens?prefix=http-&limit=10"));
    assertThat(listed.statusCode()).isEqualTo(200);
    ListAccessTokensResponse page =
        S2Json.decodeListAccessTokensResponse(listed.body().getBytes(StandardCharsets.UTF_8));
    assertThat(page.hasMore()).isFalse();
    AccessTokenInfo info =
        page.accessTokens().stream().filter(t -> t.id().equals("http-1")).findFirst().orElseThrow();
    assertThat(info.scope().basins()).contains(ResourceSet.prefix(""));
    assertThat(info.scope().ops()).contains(List.of(Operation.READ));
    // The server always fills op_groups and ops; "none" sets are null.
    assertThat(listed.body())
        .contains("\"access_tokens\":null")
        .contains("\"op_groups\":{\"account\":{\"read\":false,\"write\":false}")
        .doesNotContain(secret);

    HttpResponse<String> revoked = send(request("/v1/access-tokens/http-1").DELETE());
    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(revoked.body()).isEmpty();
    AccessTokensTest.assertAuthn(() -> tokens.authenticate(secret));

    HttpResponse<String> again = send(request("/v1/access-tokens/http-1").DELETE());
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).contains("\"code\":\"access_token_not_found\"");
  }

  @Test
  void missingBadOrUnknownTokensAre401() throws Exception {
    for (String header : new String[] {null, "Basic abc", "Bearer nope"}) {
      HttpRequest.Builder list = HttpRequest.newBuilder(uri(server, "/v1/access-tokens"));
      if (header != null) {
        list.header("Authorization", header);
      }
      HttpResponse<String> response = send(list);
      assertThat(response.statusCode()).as(String.valueOf(header)).isEqualTo(401);
      assertThat(response.body()).contains("\"code\":\"authn\"");
    }
  }

  @Test
  void issueNeedsAJsonContentType() throws Exception {
    String body = "{\"id\":\"ct-%s\",\"scope\":" + READ_SCOPE + "}";
    HttpResponse<String> plain =
        send(post("/v1/access-tokens", body.formatted(1)).setHeader("Content-Type", "text/plain"));
    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(plain.body())
        .isEqualTo(
            "{\"code\":\"bad_json\",\"message\":\"Expected request with `Content-Type:"
                + " application/json`\"}");

    HttpResponse<String> missing =
        send(
            request("/v1/access-tokens")
                .POST(HttpRequest.BodyPublishers.ofString(body.formatted(2))));
    assertThat(missing.statusCode()).isEqualTo(400);

    for (String type :
        List.of("application/json; charset=utf-8", "Application/JSON", "application/vnd.s2+json")) {
      HttpResponse<String> ok =
          send(
              request("/v1/access-tokens")
                  .header("Content-Type", type)
                  .POST(HttpRequest.BodyPublishers.ofString(body.formatted(type.length()))));
      assertThat(ok.statusCode()).as(type).isEqualTo(201);
    }
  }

  @Test
  void badBodiesAndDuplicates() throws Exception {
    assertThat(send(post("/v1/access-tokens", "{")).statusCode()).isEqualTo(400);
    assertThat(send(post("/v1/access-tokens", "")).statusCode()).isEqualTo(400);
    HttpResponse<String> badId =
        send(post("/v1/access-tokens", "{\"id\":\"..\",\"scope\":" + READ_SCOPE + "}"));
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.body()).contains("bad_json");

    HttpResponse<String> noOps =
        send(post("/v1/access-tokens", "{\"id\":\"no-ops\",\"scope\":{}}"));
    assertThat(noOps.statusCode()).isEqualTo(422);
    assertThat(noOps.body()).contains("\"code\":\"invalid\"");

    String dup = "{\"id\":\"dup-http\",\"scope\":" + READ_SCOPE + "}";
    assertThat(send(post("/v1/access-tokens", dup)).statusCode()).isEqualTo(201);
    HttpResponse<String> conflict = send(post("/v1/access-tokens", dup));
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).contains("resource_already_exists");
  }

  @Test
  void scopeViolationsAre403() throws Exception {
    String limited =
        tokens
            .issue(
                tokens.authenticate(rootSecret),
                dev.s2reactive.core.model.IssueAccessTokenRequest.of(
                    "limited",
                    dev.s2reactive.core.model.AccessTokenScope.builder()
                        .accessTokens(ResourceSet.prefix("limited"))
                        .ops(Operation.ISSUE_ACCESS_TOKEN)
                        .build()))
            .join();
    HttpResponse<String> list =
        send(
            HttpRequest.newBuilder(uri(server, "/v1/access-tokens"))
                .header("Authorization", "Bearer " + limited));
    assertThat(list.statusCode()).isEqualTo(403);
    assertThat(list.body()).contains("\"code\":\"permission_denied\"");

    HttpResponse<String> escalate =
        send(
            HttpRequest.newBuilder(uri(server, "/v1/access-tokens"))
                .header("Authorization", "Bearer " + limited)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"limited-2\",\"scope\":" + READ_SCOPE + "}")));
    assertThat(escalate.statusCode()).isEqualTo(403);

    HttpResponse<String> revoke =
        send(
            HttpRequest.newBuilder(uri(server, "/v1/access-tokens/root"))
                .header("Authorization", "Bearer " + limited)
                .DELETE());
    assertThat(revoke.statusCode()).isEqualTo(403);
  }

  @Test
  void badQueriesAndPaths() throws Exception {
    for (String q :
        List.of("limit=abc", "limit=-1", "limit=", "limit=1.5", "prefix=" + "x".repeat(97))) {
      HttpResponse<String> response = send(request("/v1/access-tokens?" + q));
      assertThat(response.statusCode()).as(q).isEqualTo(400);
      assertThat(response.body()).as(q).contains("\"code\":\"bad_query\"");
    }
    assertThat(send(request("/v1/access-tokens?limit=0")).statusCode()).isEqualTo(200);
    assertThat(send(request("/v1/access-tokens?limit=99999")).statusCode()).isEqualTo(200);

    HttpResponse<String> dot = send(request("/v1/access-tokens/%2E%2E").DELETE());
    assertThat(dot.statusCode()).isEqualTo(400);
    assertThat(dot.body()).contains("\"code\":\"bad_path\"");
  }

  @Test
  void withAuthOffNoHeaderIsNeeded() throws Exception {
    HttpResponse<String> listed =
        send(HttpRequest.newBuilder(uri(openServer, "/v1/access-tokens?limit=1")));
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).contains("\"has_more\":");
  }

  // ---- helpers ----

  private static URI uri(DisposableServer target, String path) {
    return URI.create("http://127.0.0.1:" + target.port() + path);
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(server, path))
        .header("Authorization", "Bearer " + rootSecret);
  }

  private static HttpRequest.Builder post(String path, String json) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package dev.s2reactive.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.S2Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, unknown routes, 501 stubs and CORS over real HTTP/1.1 and h2c with the JDK client. */
class BasicRoutesTest {

  private static S2Server server;

  @BeforeAll
  static void start() {
    server = S2Server.builder().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(HttpClient.Version version, HttpRequest.Builder request)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(version).build();
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(server.endpoint() + path));
  }

  @Test
  void healthAnswersOkOverHttp11AndH2c() throws Exception {
    for (HttpClient.Version version : HttpClient.Version.values()) {
      HttpResponse<String> response = send(version, get("/health"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("OK");
    }
    HttpResponse<String> upgraded = send(HttpClient.Version.HTTP_2, get("/ping"));
    assertThat(upgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithEmptyBodies() throws Exception {
    HttpResponse<String> missing = send(HttpClient.Version.HTTP_1_1, get("/v1/nothing-here"));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEmpty();

    HttpResponse<String> wrongMethod =
        send(HttpClient.Version.HTTP_1_1, get("/health").DELETE());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.body()).isEmpty();
  }

  @Test
  void metricsAndLocationsAre501NotImplemented() throws Exception {
    for (String path : new String[] {"/v1/metrics", "/v1/metrics/my-basin1/a%2Fb", "/v1/locations"}) {
      HttpResponse<String> response = send(HttpClient.Version.HTTP_1_1, get(path));
      assertThat(response.statusCode()).as(path).isEqualTo(501);
      assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(response.body())
          .isEqualTo("{\"code\":\"not_implemented\",\"message\":\"Not implemented\"}");
    }
  }

  @Test
  void corsHeadersAndPreflight() throws Exception {
    HttpResponse<String> response =
        send(HttpClient.Version.HTTP_1_1, get("/health").header("Origin", "http://example.test"));
    assertThat(response.headers().firstValue("access-control-allow-origin"))
        .hasValue("http://example.test");

    HttpResponse<String> preflight =
        send(
            HttpClient.Version.HTTP_1_1,
            get("/v1/streams/logs/records")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://example.test")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization, s2-basin"));
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-headers"))
        .hasValue("authorization, s2-basin");
    assertThat(preflight.headers().firstValue("access-control-allow-methods").orElseThrow())
        .contains("GET", "POST");
  }
}

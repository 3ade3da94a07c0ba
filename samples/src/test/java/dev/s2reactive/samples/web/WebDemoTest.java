package dev.s2reactive.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web demo without a browser: the page and its config are served, the read-only token reads
 * over SSE cross-origin, the no-read token is refused, and the writer carries on after a restart.
 * The browser itself is covered by {@code samples/web/run-e2e.sh} (headless Chromium).
 */
class WebDemoTest {

  private static final String ORIGIN = "http://127.0.0.1:1";
  private static WebDemo demo;
  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    demo = WebDemo.start(
        new WebDemo.Options(0, 0, null, Path.of("web"), Duration.ofMillis(50)));
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void servesThePageAndItsConfig() throws Exception {
    HttpResponse<String> index = get(demo.pageUrl(), null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("s2-sse.js", "app.js");
    HttpResponse<String> config = get(demo.pageUrl().resolve("config.js"), null);
    assertThat(config.body())
        .contains("\"token\": \"" + demo.readToken() + "\"")
        .contains("\"endpoint\": \"" + demo.endpoint() + "\"")
        .contains("\"stream\": \"app/logs\"");
    assertThat(get(demo.pageUrl().resolve("pom.xml"), null).statusCode()).isEqualTo(404);
  }

  @Test
  void readOnlyTokenReadsOverSseCrossOrigin() throws Exception {
    awaitAtLeast(demo::appended, 3);
    HttpResponse<String> sse = get(recordsUri("seq_num=0&count=3"), demo.readToken());
    assertThat(sse.statusCode()).isEqualTo(200);
    assertThat(sse.headers().firstValue("access-control-allow-origin")).hasValue(ORIGIN);
    assertThat(sse.body())
        .contains("event: batch", "\"seq_num\":0", "\"seq_num\":2", "line ", "data: [DONE]")
        .doesNotContain("\"seq_num\":3");
  }

  @Test
  void tokenWithoutReadPermissionIsRefused() throws Exception {
    String noRead = demo.noReadPageUrl().getFragment().substring("token=".length());
    HttpResponse<String> denied = get(recordsUri("seq_num=0&count=1"), noRead);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("permission_denied");
  }

  @Test
  void writerResumesAfterARestart() throws Exception {
    URI endpoint = demo.endpoint();
    demo.restartServer();
    assertThat(demo.endpoint()).isEqualTo(endpoint);
    long before = demo.appended();
    awaitAtLeast(demo::appended, before + 3);
    HttpResponse<String> tail = get(
        URI.create(endpoint + "/v1/streams/app%2Flogs/records/tail"), demo.readToken());
    assertThat(tail.statusCode()).isEqualTo(200);
  }

  private static URI recordsUri(String query) {
    return URI.create(demo.endpoint() + "/v1/streams/app%2Flogs/records?" + query);
  }

  private static HttpResponse<String> get(URI uri, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .header("Accept", "text/event-stream")
        .header("s2-basin", WebDemo.BASIN)
        .header("Origin", ORIGIN);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitAtLeast(LongSupplier value, long target) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (value.getAsLong() < target) {
      assertThat(System.nanoTime()).as("waiting for %d, at %d", target, value.getAsLong())
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}

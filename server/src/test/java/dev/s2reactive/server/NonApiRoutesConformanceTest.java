package dev.s2reactive.server;

import static dev.s2reactive.server.ServerHarness.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, Prometheus metrics and the 501 stubs (protocol §1.4, §3). */
class NonApiRoutesConformanceTest {

  private static ServerHarness h;

  @BeforeAll
  static void start() {
    h = ServerHarness.start();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void healthAndPingNeedNoToken() {
    for (String path : new String[] {"/health", "/ping"}) {
      HttpResponse<String> response = h.send(h.anonymous(path).GET());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("OK");
    }
  }

  @Test
  void headIsGetWithoutABody() throws Exception {
    try (java.net.Socket socket = h.socket()) {
      String requests = "HEAD /health HTTP/1.1\r\nhost: x\r\n\r\n"
          + "HEAD " + "/v1/basins HTTP/1.1\r\nhost: x\r\n\r\n"
          + "GET /health HTTP/1.1\r\nhost: x\r\n\r\n";
      socket.getOutputStream().write(requests.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      java.io.InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200 ");
      assertThat(readHead(in)).startsWith("HTTP/1.1 401 ");
      ServerHarness.Raw get = ServerHarness.readResponse(in);
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.bodyText()).isEqualTo("OK");
    }
  }

  /** Reads a response head only: a HEAD response has no body whatever its headers say. */
  private static String readHead(java.io.InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).isNotNegative();
      head.append((char) b);
    }
    return head.toString();
  }

  @Test
  void rootMetricsArePrometheusText() {
    HttpResponse<String> response = h.send(h.anonymous("/metrics").GET());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(response.body()).contains("# TYPE process_uptime_seconds gauge");
  }

  @Test
  void metricsAndLocationsAreNotImplemented() {
    for (String path : new String[] {"/v1/metrics?set=active-basins", "/v1/metrics/some-basin",
        "/v1/metrics/some-basin/s", "/v1/locations", "/v1/locations/default"}) {
      assertError(h.send(h.get(path)), 501, "not_implemented", "Not implemented");
    }
    assertError(h.send(h.json("PUT", "/v1/locations/default", "\"aws:us-east-1\"")), 501,
        "not_implemented", "Not implemented");
  }
}

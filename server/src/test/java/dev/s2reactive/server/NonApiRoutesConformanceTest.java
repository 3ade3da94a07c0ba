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
  void rootMetricsArePrometheusText() {
    HttpResponse<String> response = h.send(h.anonymous("/metrics").GET());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4");
    assertThat(response.body()).contains("# TYPE s2r_up gauge\ns2r_up 1\n");
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

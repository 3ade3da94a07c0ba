package dev.s2reactive.server.internal.metrics;

import static dev.s2reactive.server.internal.metrics.EngineMetricsTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.S2Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} on a running server backed by RocksDB. */
class MetricsEndpointTest {

  @TempDir static Path dataDir;
  private static S2Server server;
  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    server = S2Server.builder().auth(false).dataDirectory(dataDir).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void servesPrometheusTextWithHttpStorageAndJvmMeters() throws Exception {
    assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/v1/basins", "{\"basin\":\"metrics-basin\"}").statusCode())
        .isEqualTo(201);
    assertThat(send("GET", "/v1/basins/metrics-basin", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/basins/no-such-basin", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/no/such/path", null).statusCode()).isEqualTo(404);

    HttpResponse<String> response = send("GET", "/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText text = PrometheusText.parse(response.body());

    assertThat(text.types).containsEntry("s2_http_requests_seconds", "histogram");
    assertThat(text.require("s2_http_requests_seconds_count",
        "route", "/health", "method", "GET", "status", "2xx")).isEqualTo(1);
    assertThat(text.require("s2_http_requests_seconds_count",
        "route", "/v1/basins", "method", "POST", "status", "2xx")).isEqualTo(1);
    // Path variables stay in the template: no per-basin series.
    assertThat(text.require("s2_http_requests_seconds_count",
        "route", "/v1/basins/{basin}", "method", "GET", "status", "2xx")).isEqualTo(1);
    assertThat(text.require("s2_http_requests_seconds_count",
        "route", "/v1/basins/{basin}", "method", "GET", "status", "4xx")).isEqualTo(1);
    assertThat(text.require("s2_http_requests_seconds_count",
        "route", "unmatched", "status", "4xx"))
        .isEqualTo(1);
    assertThat(text.samples).noneMatch(s -> s.labels().containsValue("/no/such/path")
        || s.labels().containsValue("/v1/basins/metrics-basin"));

    // Creating the basin was a synced RocksDB write.
    assertThat(text.require("s2_storage_commit_seconds_count")).isPositive();
    assertThat(text.require("s2_storage_commit_writes_sum"))
        .isGreaterThanOrEqualTo(text.require("s2_storage_commit_writes_count"));
    assertThat(text.require("s2_storage_committed_bytes_total")).isPositive();
    assertThat(text.require("s2_storage_memtables_bytes")).isPositive();
    assertThat(text.require("s2_storage_live_data_bytes")).isNotNaN().isNotNegative();
    assertThat(text.require("s2_storage_table_files_bytes")).isNotNaN().isNotNegative();

    // Pool names depend on the collector in use.
    assertThat(text.samples).anyMatch(s -> s.name().equals("jvm_memory_used_bytes")
        && "heap".equals(s.labels().get("area")) && s.value() > 0);
    assertThat(text.require("process_uptime_seconds")).isPositive();
    assertThat(text.require("jvm_threads_live_threads")).isPositive();
    assertThat(text.require("s2_read_sessions_active", "mode", "streaming")).isZero();

    // The scrape itself is counted, under its own route.
    await(() -> PrometheusText.parse(scrapeBody())
            .value("s2_http_requests_seconds_count", "route", "/metrics", "status", "2xx")
            .orElse(0) >= 1,
        "the scrape to be counted");
  }

  private static String scrapeBody() {
    try {
      return send("GET", "/metrics", null).body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> send(String method, String path, String json)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .timeout(Duration.ofSeconds(10));
    if (json == null) {
      request.method(method, BodyPublishers.noBody());
    } else {
      request.header("content-type", "application/json")
          .method(method, BodyPublishers.ofString(json));
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }
}

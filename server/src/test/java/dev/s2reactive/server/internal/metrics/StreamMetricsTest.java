package dev.s2reactive.server.internal.metrics;

import static dev.s2reactive.server.internal.metrics.EngineMetricsTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.S2Server;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-stream counters, sessions, followers and follower lag move as a small workload runs: a live
 * SSE follower, three appends, one unary read, then the follower leaves. Checked by scraping
 * {@code /metrics} and parsing the text.
 */
class StreamMetricsTest {

  private static final String BASIN = "stream-metrics";
  private static final String STREAM = "s/one";
  private static final String RECORDS = "/v1/streams/s%2Fone/records";
  private static S2Server server;
  private static final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    server = S2Server.builder().auth(false).start();
    assertThat(send("POST", "/v1/basins", "{\"basin\":\"" + BASIN + "\"}").statusCode())
        .isEqualTo(201);
    assertThat(send("POST", "/v1/streams", "{\"stream\":\"" + STREAM + "\"}").statusCode())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void countersMovePerStreamWithFollowersAndLag() throws Exception {
    // A live follower from the tail.
    HttpRequest follow = request(RECORDS).header("accept", "text/event-stream").GET().build();
    HttpResponse<InputStream> sse = client.send(follow, BodyHandlers.ofInputStream());
    assertThat(sse.statusCode()).isEqualTo(200);
    AtomicLong followed = new AtomicLong();
    Thread reader = new Thread(() -> countRecords(sse.body(), followed), "sse-reader");
    reader.setDaemon(true);
    reader.start();
    await(() -> scrape().require("s2_read_followers_active") == 1, "the follower to register");
    assertThat(scrape().require("s2_read_sessions_active", "mode", "streaming")).isEqualTo(1);

    // 5 records of 8 + 1 metered bytes each ("a".."e", no headers).
    appendJson("{\"records\":[{\"body\":\"a\"},{\"body\":\"b\"}]}");
    appendJson("{\"records\":[{\"body\":\"c\"}]}");
    appendJson("{\"records\":[{\"body\":\"d\"},{\"body\":\"e\"}]}");
    await(() -> followed.get() == 5, "the follower to receive 5 records");
    HttpResponse<String> unary = client.send(request(RECORDS + "?seq_num=0&count=100")
        .GET().build(), BodyHandlers.ofString());
    assertThat(unary.statusCode()).isEqualTo(200);

    PrometheusText text = scrape();
    String[] labels = {"basin", BASIN, "stream", STREAM};
    assertThat(text.require("s2_stream_append_records_total", labels)).isEqualTo(5);
    assertThat(text.require("s2_stream_append_metered_bytes_total", labels)).isEqualTo(45);
    // 5 live to the follower, 5 from storage to the unary read.
    await(() -> scrape().require("s2_stream_read_records_total", labels) == 10,
        "both reads to be counted");
    assertThat(scrape().require("s2_stream_read_metered_bytes_total", labels)).isEqualTo(90);
    // One lag sample per live delivery; the follower kept up, so no sample exceeds the records.
    double deliveries = text.require("s2_read_follower_lag_records_count");
    assertThat(deliveries).isBetween(1.0, 3.0);
    assertThat(text.require("s2_read_follower_lag_records_sum")).isBetween(0.0, 5.0 * deliveries);
    assertThat(text.require("s2_read_follower_lag_records_bucket", "le", "100000.0"))
        .isEqualTo(deliveries);

    sse.body().close();
    await(() -> scrape().require("s2_read_followers_active") == 0, "the follower to leave");
    await(() -> scrape().require("s2_read_sessions_active", "mode", "streaming") == 0,
        "the session to close");
  }

  @Test
  void streamSeriesAreBounded() {
    try (PrometheusServerMetrics metrics = new PrometheusServerMetrics(2)) {
      metrics.stream("basin-one", "a").appended(1, 10);
      metrics.stream("basin-one", "b").appended(2, 20);
      metrics.stream("basin-one", "c").appended(3, 30);
      metrics.stream("basin-two", "d").delivered(4, 40);
      metrics.stream("basin-one", "a").appended(1, 10);
      PrometheusText text = PrometheusText.parse(metrics.scrape());
      assertThat(text.require("s2_stream_append_records_total", "basin", "basin-one",
          "stream", "a")).isEqualTo(2);
      assertThat(text.require("s2_stream_append_records_total", "basin", "_other",
          "stream", "_other")).isEqualTo(3);
      assertThat(text.require("s2_stream_read_records_total", "basin", "_other",
          "stream", "_other")).isEqualTo(4);
      assertThat(text.samples).noneMatch(s -> "c".equals(s.labels().get("stream"))
          || "basin-two".equals(s.labels().get("basin")));
    }
  }

  /** Adds each SSE batch's records (the count in its id is cumulative) until the body ends. */
  private static void countRecords(InputStream body, AtomicLong records) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("id: ")) {
          records.set(Long.parseLong(line.substring(4).split(",")[1]));
        }
      }
    } catch (Exception closed) {
      // The test closed the body.
    }
  }

  private static void appendJson(String json) throws Exception {
    assertThat(send("POST", RECORDS, json).statusCode()).isEqualTo(200);
  }

  private static PrometheusText scrape() {
    try {
      return PrometheusText.parse(send("GET", "/metrics", null).body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .timeout(Duration.ofSeconds(10))
        .header("s2-basin", BASIN);
  }

  private static HttpResponse<String> send(String method, String path, String json)
      throws Exception {
    HttpRequest.Builder request = request(path);
    if (json == null) {
      request.method(method, BodyPublishers.noBody());
    } else {
      request.header("content-type", "application/json")
          .method(method, BodyPublishers.ofString(json));
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }
}

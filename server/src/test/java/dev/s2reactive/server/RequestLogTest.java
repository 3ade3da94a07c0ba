package dev.s2reactive.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The request log: one JSON line per request, with no token, query or stream name in it. */
class RequestLogTest {

  private static final String BOGUS_TOKEN = "bogus-secret-token-0123456789";
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void logsOneJsonLinePerRequestWithoutSecrets() throws Exception {
    Queue<String> lines = new ConcurrentLinkedQueue<>();
    try (S2Server server = S2Server.builder().requestLog(lines::add).start()) {
      String root = server.rootToken().orElseThrow();
      assertThat(send(server, "POST", "/v1/basins", root, "{\"basin\":\"log-basin\"}")
          .statusCode()).isEqualTo(201);
      assertThat(send(server, "GET", "/v1/streams/secret%2Fstream/records?seq_num=0", root, null)
          .statusCode()).isEqualTo(400); // no s2-basin header
      assertThat(send(server, "GET", "/v1/basins?prefix=log", BOGUS_TOKEN, null).statusCode())
          .isEqualTo(401);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (lines.size() < 3) {
        assertThat(System.nanoTime()).as("3 log lines, got %s", lines).isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      ObjectMapper json = new ObjectMapper();
      List<JsonNode> entries = new ArrayList<>();
      for (String line : lines) {
        assertThat(line).doesNotContain(root, BOGUS_TOKEN, "secret", "log-basin", "seq_num");
        entries.add(json.readTree(line));
      }
      assertThat(entries).allSatisfy(e -> {
        assertThat(e.get("time").asText()).endsWith("Z");
        assertThat(e.get("duration_ms").isNumber()).isTrue();
      });
      assertThat(entries).extracting(e -> e.get("method").asText() + " " + e.get("route").asText()
          + " " + e.get("status").asInt())
          .containsExactlyInAnyOrder(
              "POST /v1/basins 201",
              "GET /v1/streams/{stream}/records 400",
              "GET /v1/basins 401");
    }
  }

  private HttpResponse<String> send(
      S2Server server, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .timeout(Duration.ofSeconds(10))
        .header("authorization", "Bearer " + token);
    if (body == null) {
      request.method(method, BodyPublishers.noBody());
    } else {
      request.header("content-type", "application/json")
          .method(method, BodyPublishers.ofString(body));
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }
}

package dev.s2reactive.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The records routes as wired in {@link S2Server}: auth, catalog auto-create, h2c upgrade. */
class S2ServerRecordsTest {

  private static S2Server server;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    server = S2Server.builder().start();
    token = server.rootToken().orElseThrow();
    HttpResponse<String> basin =
        send(
            HttpClient.newHttpClient(),
            request("/v1/basins")
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"basin\":\"wired-basin\",\"config\":{\"create_stream_on_append\":true}}")));
    assertThat(basin.statusCode()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .header("authorization", "Bearer " + token)
        .header("s2-basin", "wired-basin");
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
      throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAppendAsTheFirstRequestOfAnH2cUpgradeIsAcceptedThenReadBackOverSse() throws Exception {
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> ack =
        send(
            h2,
            request("/v1/streams/a%2Fb/records")
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"records\":[{\"body\":\"one\"},{\"body\":\"two\"}]}")));
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).contains("\"end\":{\"seq_num\":2");

    HttpResponse<String> sse =
        send(h2, request("/v1/streams/a%2Fb/records?seq_num=0&wait=0").header("accept", "text/event-stream"));
    assertThat(sse.statusCode()).isEqualTo(200);
    assertThat(sse.body())
        .contains("event: batch\nid: 1,2,22\n")
        .contains("\"body\":\"one\"")
        .endsWith("data: [DONE]\n\n");
  }

  @Test
  void aRequestWithoutATokenIsRefusedWith401() throws Exception {
    HttpResponse<String> response =
        send(
            HttpClient.newHttpClient(),
            HttpRequest.newBuilder(
                    URI.create(server.endpoint() + "/v1/streams/a%2Fb/records/tail"))
                .header("s2-basin", "wired-basin"));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"code\":\"authn\"");
  }
}

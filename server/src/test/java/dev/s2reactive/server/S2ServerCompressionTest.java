package dev.s2reactive.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Response compression (protocol §2): unary responses over 1 KiB only, never SSE. */
class S2ServerCompressionTest {

  private static final String STREAM = "/v1/streams/big/records";
  private static final String BODY = "x".repeat(200);

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static S2Server server;

  @BeforeAll
  static void start() throws Exception {
    server = S2Server.builder().auth(false).start();
    HttpResponse<byte[]> basin =
        send(
            request("/v1/basins")
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"basin\":\"zip-basin\",\"config\":{\"create_stream_on_append\":true}}")));
    assertThat(basin.statusCode()).isEqualTo(201);
    StringBuilder records = new StringBuilder("{\"records\":[");
    for (int i = 0; i < 20; i++) {
      records.append(i == 0 ? "" : ",").append("{\"body\":\"").append(BODY).append("\"}");
    }
    HttpResponse<byte[]> ack =
        send(
            request(STREAM)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(records.append("]}").toString())));
    assertThat(ack.statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aLargeJsonReadIsGzipEncodedWhenAskedFor() throws Exception {
    HttpResponse<byte[]> read =
        send(request(STREAM + "?seq_num=0").header("accept-encoding", "gzip"));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("content-encoding")).hasValue("gzip");
    String json = inflate(new GZIPInputStream(new ByteArrayInputStream(read.body())));
    assertThat(json).startsWith("{\"records\":[").contains(BODY).contains("\"seq_num\":19");
    assertThat(read.body().length).isLessThan(json.length());
  }

  @Test
  void zstdIsUsedWhenAskedFor() throws Exception {
    HttpResponse<byte[]> read =
        send(request(STREAM + "?seq_num=0").header("accept-encoding", "zstd"));
    assertThat(read.headers().firstValue("content-encoding")).hasValue("zstd");
    String json = inflate(new ZstdInputStream(new ByteArrayInputStream(read.body())));
    assertThat(json).contains("\"seq_num\":19");
  }

  @Test
  void nothingIsCompressedUnlessAskedFor() throws Exception {
    HttpResponse<byte[]> read = send(request(STREAM + "?seq_num=0"));
    assertThat(read.headers().firstValue("content-encoding")).isEmpty();
    assertThat(new String(read.body(), StandardCharsets.UTF_8)).contains("\"seq_num\":19");
  }

  @Test
  void aSmallResponseIsNotCompressed() throws Exception {
    HttpResponse<byte[]> tail =
        send(request(STREAM + "/tail").header("accept-encoding", "gzip, zstd"));
    assertThat(tail.statusCode()).isEqualTo(200);
    assertThat(tail.headers().firstValue("content-encoding")).isEmpty();
    assertThat(new String(tail.body(), StandardCharsets.UTF_8)).contains("\"seq_num\":20");
  }

  @Test
  void anSseStreamIsNeverCompressed() throws Exception {
    HttpResponse<byte[]> sse =
        send(
            request(STREAM + "?seq_num=0&wait=0")
                .header("accept", "text/event-stream")
                .header("accept-encoding", "gzip, zstd"));
    assertThat(sse.statusCode()).isEqualTo(200);
    assertThat(sse.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    assertThat(sse.headers().firstValue("content-encoding")).isEmpty();
    assertThat(new String(sse.body(), StandardCharsets.UTF_8))
        .startsWith("event: batch\n")
        .contains(BODY)
        .endsWith("data: [DONE]\n\n");
  }

  private static String inflate(InputStream in) throws Exception {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.endpoint() + path))
        .header("s2-basin", "zip-basin");
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}

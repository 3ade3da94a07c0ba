package dev.s2reactive.server;

import static dev.s2reactive.server.ServerHarness.assertError;
import static dev.s2reactive.server.ServerHarness.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request bodies of management and token endpoints end to end (protocol §2): content types,
 * {@code Content-Encoding}, size caps and decompression bombs.
 */
class RequestBodyConformanceTest {

  private static final int CAP = 1 << 20;
  private static ServerHarness h;

  @BeforeAll
  static void start() {
    h = ServerHarness.start();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static HttpRequest.Builder encoded(String encoding, byte[] body) {
    return h.request("/v1/basins")
        .header("content-type", "application/json")
        .header("content-encoding", encoding)
        .POST(BodyPublishers.ofByteArray(body));
  }

  private static byte[] basin(String name) {
    return ("{\"basin\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(Compressor compressor, byte[] data, int repeatZeros) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = compressor.wrap(out)) {
      z.write(data);
      byte[] spaces = new byte[64 * 1024];
      Arrays.fill(spaces, (byte) ' ');
      for (int written = 0; written < repeatZeros; written += spaces.length) {
        z.write(spaces);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] data) {
    return compress(GZIPOutputStream::new, data, 0);
  }

  @Test
  void compressedBodiesAreDecoded() {
    assertStatus(h.send(encoded("gzip", gzip(basin("gzip-basin-1")))), 201);
    assertStatus(h.send(encoded("zstd", Zstd.compress(basin("zstd-basin-1")))), 201);
    assertStatus(
        h.send(encoded("zstd", compress(ZstdOutputStream::new, basin("zstd-basin-2"), 0))), 201);
    assertStatus(
        h.send(encoded("deflate", compress(DeflaterOutputStream::new, basin("zlib-basin-1"), 0))),
        201);
    assertStatus(h.send(encoded("GZIP", gzip(basin("gzip-basin-2")))), 201);
    assertStatus(h.send(encoded("identity", basin("plain-basin-1"))), 201);
    // Codings are listed in the order they were applied.
    assertStatus(h.send(encoded("gzip, zstd", Zstd.compress(gzip(basin("stacked-basin-1"))))),
        201);
    // Token issue bodies go through the same reader.
    assertStatus(h.send(h.request("/v1/access-tokens")
        .header("content-type", "application/json").header("content-encoding", "gzip")
        .POST(BodyPublishers.ofByteArray(gzip(
            "{\"id\":\"gzipped\",\"scope\":{\"ops\":[\"read\"]}}".getBytes(
                StandardCharsets.UTF_8))))), 201);
  }

  @Test
  void badEncodingsAre4xx() {
    assertError(h.send(encoded("br", basin("br-basin-1"))), 400, "bad_header",
        "Unsupported `Content-Encoding` `br`: expected gzip or zstd");
    assertError(h.send(encoded("gzip", basin("not-gzipped-1"))), 400, "bad_json", null);
    byte[] truncated = gzip(basin("truncated-1"));
    assertError(h.send(encoded("gzip", Arrays.copyOf(truncated, truncated.length - 4))), 400,
        "bad_json", null);
    assertError(h.send(encoded("zstd", new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 1, 2})),
        400, "bad_json", null);
    assertError(h.send(h.get("/v1/basins/not-gzipped-1")), 404, "basin_not_found", null);
  }

  @Test
  void decompressionBombsStopAtTheCap() {
    int inflated = 64 << 20;
    for (Object[] bomb : new Object[][] {
        {"gzip", compress(GZIPOutputStream::new, basin("bomb-basin-1"), inflated)},
        {"zstd", compress(ZstdOutputStream::new, basin("bomb-basin-1"), inflated)},
        {"deflate", compress(DeflaterOutputStream::new, basin("bomb-basin-1"), inflated)}}) {
      byte[] body = (byte[]) bomb[1];
      assertThat(body.length).isLessThan(CAP);
      assertError(h.send(encoded((String) bomb[0], body)), 400, "bad_json",
          "Decompressed request body exceeds the limit of " + CAP + " bytes");
    }
    // Just under the cap is fine (JSON allows trailing whitespace).
    byte[] json = basin("bomb-basin-2");
    byte[] padded = Arrays.copyOf(json, CAP);
    Arrays.fill(padded, json.length, CAP, (byte) ' ');
    assertStatus(h.send(encoded("gzip", gzip(padded))), 201);
    assertStatus(h.send(h.get("/v1/basins")), 200);
  }

  @Test
  void oversizedBodiesAreRejectedWithoutBufferingThem() throws Exception {
    byte[] big = new byte[CAP + 1];
    Arrays.fill(big, (byte) ' ');
    System.arraycopy(basin("big-basin-1"), 0, big, 0, basin("big-basin-1").length);
    String tooLarge = "Request body exceeds the limit of " + CAP + " bytes";
    assertError(h.send(h.request("/v1/basins").header("content-type", "application/json")
        .POST(BodyPublishers.ofByteArray(big))), 400, "bad_json", tooLarge);
    // Chunked, so without a Content-Length.
    assertError(h.send(h.request("/v1/basins").header("content-type", "application/json")
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))), 400,
        "bad_json", tooLarge);
    assertError(h.send(h.request("/v1/access-tokens").header("content-type", "application/json")
        .POST(BodyPublishers.ofByteArray(big))), 400, "bad_json", tooLarge);

    // A declared length over the cap is refused before the body is sent.
    try (Socket socket = h.socket()) {
      socket.getOutputStream().write(h.head("POST", "/v1/basins",
          "content-type: application/json", "content-length: 1073741824")
          .getBytes(StandardCharsets.ISO_8859_1));
      ServerHarness.Raw response = ServerHarness.readResponse(socket.getInputStream());
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.bodyText()).contains("\"bad_json\"");
    }
    assertError(h.send(h.get("/v1/basins/big-basin-1")), 404, "basin_not_found", null);
  }

  @Test
  void onlyJsonContentTypesAreAccepted() {
    int n = 0;
    for (String type : new String[] {"application/json", "Application/JSON",
        "application/json; charset=utf-8", "application/json, text/plain",
        "application/merge-patch+json", " application/json ", "application/json;"}) {
      String name = "typed-basin-" + n++;
      assertStatus(h.send(h.request("/v1/basins").header("content-type", type)
          .POST(BodyPublishers.ofByteArray(basin(name)))), 201);
    }
    for (String type : new String[] {"text/json", "application/jsonx", "application/+json",
        "text/plain, application/json", "application/json-patch", "multipart/form-data",
        "application/x-www-form-urlencoded", "application/protobuf", "*/*", ";"}) {
      assertError(h.send(h.request("/v1/basins").header("content-type", type)
          .POST(BodyPublishers.ofByteArray(basin("untyped-basin-1")))), 400, "bad_json",
          "Expected request with `Content-Type: application/json`");
    }
    assertError(h.send(h.get("/v1/basins/untyped-basin-1")), 404, "basin_not_found", null);
  }
}

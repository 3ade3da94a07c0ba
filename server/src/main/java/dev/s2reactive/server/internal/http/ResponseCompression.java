package dev.s2reactive.server.internal.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.compression.GzipOption;
import reactor.netty.http.server.compression.ZstdOption;

/**
 * Response compression (protocol §2): a unary response larger than 1 KiB is compressed with zstd
 * or gzip as the request's {@code Accept-Encoding} allows (zstd when both are equally acceptable).
 * Never compressed: {@code text/event-stream} (SSE must reach the client event by event),
 * {@code s2s/proto} (s2s compresses each message itself) and bodies that already carry a {@code
 * Content-Encoding}. Responses without a {@code Content-Length} (streams) are judged by type alone.
 *
 * <p>The work is Netty's {@code HttpContentCompressor}, on the connection's event loop; zstd uses
 * zstd-jni, which the server already depends on for request bodies. Stateless.
 */
public final class ResponseCompression {

  /** The smallest body that is compressed: "larger than 1 KiB". */
  public static final int MIN_RESPONSE_BYTES = 1024 + 1;

  private static final String SSE = "text/event-stream";
  private static final String S2S = "s2s/proto";

  private ResponseCompression() {}

  /** {@code server} with response compression as described above. */
  public static HttpServer enable(HttpServer server) {
    return server
        .compress(MIN_RESPONSE_BYTES)
        .compress(ResponseCompression::eligible)
        .compressOptions(GzipOption.builder().build(), ZstdOption.builder().build());
  }

  /** Whether a response may be compressed; its size is checked separately. */
  static boolean eligible(HttpServerRequest request, HttpServerResponse response) {
    HttpHeaders headers = response.responseHeaders();
    if (headers.contains(HttpHeaderNames.CONTENT_ENCODING)) {
      return false;
    }
    String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
    if (type == null) {
      return true;
    }
    String media = RequestBodies.firstMediaType(type);
    return !media.equals(SSE) && !media.equals(S2S);
  }
}

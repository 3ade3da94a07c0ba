package dev.s2reactive.server.internal.http.records;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a unary request body into memory with a size cap, checked against {@code Content-Length}
 * up front and enforced again while the chunks arrive, then undoes a {@code Content-Encoding} of
 * {@code gzip} or {@code zstd} under the same cap (a compression bomb fails early). Stateless.
 */
final class RequestBodies {

  private RequestBodies() {}

  /** The body, decompressed; fails with 413 when larger than {@code limit} bytes. */
  static Mono<byte[]> read(HttpServerRequest request, int limit) {
    String encoding =
        contentEncoding(request.requestHeaders().get(HttpHeaderNames.CONTENT_ENCODING));
    String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > limit) {
          return Mono.error(tooLarge(limit));
        }
      } catch (NumberFormatException e) {
        return Mono.error(S2Exception.of(ErrorCode.BAD_HEADER, "Invalid header `Content-Length`"));
      }
    }
    return request
        .receive()
        .reduceWith(() -> new Accumulator(limit), Accumulator::add)
        .map(Accumulator::toArray)
        .map(body -> decompress(encoding, body, limit));
  }

  /** The normalised coding: "" for none/identity; 415 for codings other than gzip and zstd. */
  private static String contentEncoding(String header) {
    if (header == null) {
      return "";
    }
    String coding = header.strip().toLowerCase(Locale.ROOT);
    return switch (coding) {
      case "", "identity" -> "";
      case "gzip", "x-gzip" -> "gzip";
      case "zstd" -> "zstd";
      default -> throw S2Exception.of(
          415, ErrorCode.BAD_HEADER.wireName(), "Unsupported `Content-Encoding`: " + header);
    };
  }

  static byte[] decompress(String encoding, byte[] body, int limit) {
    if (encoding.isEmpty()) {
      return body;
    }
    try (InputStream in =
        encoding.equals("gzip")
            ? new GZIPInputStream(new ByteArrayInputStream(body), 8192)
            : new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(body))) {
      return drain(in, limit);
    } catch (IOException | RuntimeException e) {
      if (e instanceof S2Exception s2) {
        throw s2;
      }
      throw S2Exception.of(
          ErrorCode.BAD_HEADER,
          "cannot decompress " + encoding + " request body: " + e.getMessage());
    }
  }

  private static byte[] drain(InputStream in, int limit) throws IOException {
    byte[] buf = new byte[8192];
    int size = 0;
    while (true) {
      if (size == buf.length) {
        if (size >= limit) {
          if (in.read() >= 0) {
            throw tooLarge(limit);
          }
          return buf;
        }
        buf = Arrays.copyOf(buf, (int) Math.min(limit, 2L * buf.length));
      }
      int n = in.read(buf, size, buf.length - size);
      if (n < 0) {
        return Arrays.copyOf(buf, size);
      }
      size += n;
    }
  }

  static S2Exception tooLarge(int limit) {
    return S2Exception.of(
        413, ErrorCode.INVALID.wireName(), "request body exceeds " + limit + " bytes");
  }

  /** Copies chunks as they arrive (Reactor Netty releases them after each element). */
  private static final class Accumulator {
    private final int limit;
    private byte[] bytes = new byte[0];
    private int size;

    Accumulator(int limit) {
      this.limit = limit;
    }

    Accumulator add(ByteBuf chunk) {
      int n = chunk.readableBytes();
      if ((long) size + n > limit) {
        throw tooLarge(limit);
      }
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(size + n, 2 * bytes.length + 1024)));
      }
      chunk.readBytes(bytes, size, n);
      size += n;
      return this;
    }

    byte[] toArray() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}

package dev.s2reactive.core.internal.transport;

import com.github.luben.zstd.Zstd;
import dev.s2reactive.core.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * {@code Content-Encoding} of unary request bodies (protocol §2); bodies under 1 KiB stay plain.
 */
final class RequestCompression {

  static final int THRESHOLD = 1024;

  private RequestCompression() {}

  /** The {@code Content-Encoding} to use, or null to send the body as is. */
  static String encoding(Compression compression, int length) {
    if (length < THRESHOLD) {
      return null;
    }
    return switch (compression) {
      case GZIP -> "gzip";
      case ZSTD -> "zstd";
      case NONE -> null;
    };
  }

  static byte[] compress(Compression compression, byte[] body) {
    return switch (compression) {
      case ZSTD -> Zstd.compress(body);
      case GZIP -> gzip(body);
      case NONE -> body;
    };
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

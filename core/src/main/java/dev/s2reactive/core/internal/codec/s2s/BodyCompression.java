package dev.s2reactive.core.internal.codec.s2s;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * zstd and gzip compression of s2s frame bodies. Decompression never produces more than a given
 * limit, whatever the input claims (a "bomb" fails early instead of exhausting memory). Stateless
 * and thread-safe.
 */
final class BodyCompression {

  private static final int ZSTD_LEVEL = Zstd.defaultCompressionLevel();
  private static final long ZSTD_CONTENTSIZE_UNKNOWN = -1;

  private BodyCompression() {}

  /**
   * Writes the compressed form of {@code src[offset, offset + length)} after {@code prefix} zero
   * bytes of a new array, and returns that array trimmed to size.
   */
  static byte[] compress(Compression compression, byte[] src, int offset, int length, int prefix) {
    return switch (compression) {
      case ZSTD -> zstd(src, offset, length, prefix);
      case GZIP -> gzip(src, offset, length, prefix);
      case NONE -> throw new IllegalArgumentException("nothing to compress with NONE");
    };
  }

  private static byte[] zstd(byte[] src, int offset, int length, int prefix) {
    byte[] dst = new byte[prefix + (int) Zstd.compressBound(length)];
    long size =
        Zstd.compressByteArray(dst, prefix, dst.length - prefix, src, offset, length, ZSTD_LEVEL);
    if (Zstd.isError(size)) {
      throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(size));
    }
    return Arrays.copyOf(dst, prefix + (int) size);
  }

  private static byte[] gzip(byte[] src, int offset, int length, int prefix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(prefix + length / 2 + 64);
    out.write(new byte[prefix], 0, prefix);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
      gzip.write(src, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A ByteArrayOutputStream does not throw.
    }
    return out.toByteArray();
  }

  /**
   * Decompresses {@code src}, failing with 400 {@code bad_frame} when the input is corrupt or
   * would inflate past {@code limit} bytes.
   */
  static byte[] decompress(Compression compression, byte[] src, int limit) {
    try {
      return switch (compression) {
        case ZSTD -> unzstd(src, limit);
        case GZIP -> drain(new GZIPInputStream(new ByteArrayInputStream(src), 8192), limit);
        case NONE -> src;
      };
    } catch (IOException | RuntimeException e) {
      if (e instanceof S2Exception s2) {
        throw s2;
      }
      throw S2Exception.of(
          ErrorCode.BAD_FRAME, "cannot decompress " + compression.token() + " frame body: " + e);
    }
  }

  private static byte[] unzstd(byte[] src, int limit) throws IOException {
    long declared = Zstd.getFrameContentSize(src);
    if (declared > limit) {
      throw tooLarge(limit);
    }
    if (declared >= 0) {
      // The frame states its size: decompress in one call into an array of exactly that size.
      byte[] dst = new byte[(int) declared];
      try {
        long size = Zstd.decompressByteArray(dst, 0, dst.length, src, 0, src.length);
        if (!Zstd.isError(size) && size == declared) {
          return dst;
        }
      } catch (ZstdException e) {
        // Handled below.
      }
      // Several frames, or a wrong declaration: let the bounded stream decide.
    } else if (declared != ZSTD_CONTENTSIZE_UNKNOWN) {
      throw S2Exception.of(
          ErrorCode.BAD_FRAME, "cannot decompress zstd frame body: invalid frame header");
    }
    try (ZstdInputStreamNoFinalizer in =
        new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src))) {
      return drain(in, limit);
    }
  }

  /** Reads {@code in} to its end, failing as soon as it yields more than {@code limit} bytes. */
  private static byte[] drain(InputStream in, int limit) throws IOException {
    try (in) {
      byte[] buf = new byte[Math.min(limit, 16 * 1024)];
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
          return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }
        size += n;
      }
    }
  }

  private static S2Exception tooLarge(int limit) {
    return S2Exception.of(
        ErrorCode.BAD_FRAME, "decompressed frame body exceeds " + limit + " bytes");
  }
}

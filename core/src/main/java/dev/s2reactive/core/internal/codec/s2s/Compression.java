package dev.s2reactive.core.internal.codec.s2s;

import java.util.Locale;

/**
 * Per-message compression of s2s frames (protocol §9.2): the value of the flag byte's bits 6-5.
 * Bits {@code 11} are invalid and have no constant.
 */
public enum Compression {
  NONE(0, "identity"),
  ZSTD(1, "zstd"),
  GZIP(2, "gzip");

  private final int bits;
  private final String token;

  Compression(int bits, String token) {
    this.bits = bits;
    this.token = token;
  }

  /** The two-bit code of the flag byte (not shifted). */
  public int bits() {
    return bits;
  }

  /** The {@code Accept-Encoding} token that asks for this compression. */
  public String token() {
    return token;
  }

  /** The compression for a code, or null for the invalid code {@code 3}. */
  static Compression fromBits(int bits) {
    return switch (bits) {
      case 0 -> NONE;
      case 1 -> ZSTD;
      case 2 -> GZIP;
      default -> null;
    };
  }

  /**
   * The compression a server chooses from a client's {@code Accept-Encoding} (protocol §9.1):
   * {@link #ZSTD} if {@code zstd} is listed anywhere, else {@link #GZIP} if {@code gzip} is, else
   * {@link #NONE}. Parameters such as q-values are ignored, as the reference server does.
   */
  public static Compression fromAcceptEncoding(String acceptEncoding) {
    if (acceptEncoding == null || acceptEncoding.isBlank()) {
      return NONE;
    }
    boolean gzip = false;
    for (String item : acceptEncoding.split(",")) {
      int semicolon = item.indexOf(';');
      String coding = (semicolon < 0 ? item : item.substring(0, semicolon)).strip();
      coding = coding.toLowerCase(Locale.ROOT);
      if (coding.equals("zstd")) {
        return ZSTD;
      }
      gzip |= coding.equals("gzip");
    }
    return gzip ? GZIP : NONE;
  }
}

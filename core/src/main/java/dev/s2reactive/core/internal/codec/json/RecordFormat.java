package dev.s2reactive.core.internal.codec.json;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import java.util.Arrays;

/**
 * How record header names, header values and bodies appear as JSON strings (protocol §5.1), chosen
 * by the {@code s2-format} header.
 */
public enum RecordFormat {
  /** Plain strings: UTF-8 bytes in, lossy UTF-8 out (invalid sequences become U+FFFD). */
  RAW("raw"),
  /** Standard, padded RFC 4648 base64, strictly decoded. */
  BASE64("base64");

  /** Name of the HTTP header that selects the format. */
  public static final String HEADER = "s2-format";

  static final String INVALID_BASE64 = "invalid Base64 encoding";

  private final String headerValue;

  RecordFormat(String headerValue) {
    this.headerValue = headerValue;
  }

  /** The canonical {@code s2-format} value, {@code "raw"} or {@code "base64"}. */
  public String headerValue() {
    return headerValue;
  }

  /**
   * The format named by an {@code s2-format} header value: {@code raw} (alias {@code json}) or
   * {@code base64} (alias {@code json-binsafe}), surrounding whitespace ignored; {@link #RAW} when
   * the header is absent ({@code null}).
   *
   * @throws S2Exception 400 {@code bad_header} for any other value
   */
  public static RecordFormat fromHeader(String value) {
    if (value == null) {
      return RAW;
    }
    switch (value.strip()) {
      case "raw":
      case "json":
        return RAW;
      case "base64":
      case "json-binsafe":
        return BASE64;
      default:
        throw S2Exception.of(
            ErrorCode.BAD_HEADER,
            "Invalid header `s2-format`: expected one of `raw`, `base64`, got `" + value + "`");
    }
  }

  /**
   * Strict standard base64: the RFC 4648 alphabet, {@code =} padding to a multiple of 4, and
   * canonical (zero) unused bits. Returns null when {@code text} is not such an encoding.
   */
  static byte[] decodeBase64(String text) {
    return decodeBase64(text.toCharArray(), 0, text.length());
  }

  static byte[] decodeBase64(char[] c, int off, int len) {
    if (len == 0) {
      return EMPTY;
    }
    if ((len & 3) != 0) {
      return null;
    }
    int end = off + len;
    int pad = c[end - 1] != '=' ? 0 : c[end - 2] != '=' ? 1 : 2;
    byte[] out = new byte[len / 4 * 3 - pad];
    int o = 0;
    int fullEnd = pad == 0 ? end : end - 4;
    for (int i = off; i < fullEnd; i += 4) {
      int bits = sextet(c[i]) << 18 | sextet(c[i + 1]) << 12 | sextet(c[i + 2]) << 6
          | sextet(c[i + 3]);
      if (bits < 0) {
        return null;
      }
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
    }
    if (pad > 0) {
      int i = end - 4;
      int a = sextet(c[i]);
      int b = sextet(c[i + 1]);
      int d = pad == 1 ? sextet(c[i + 2]) : 0;
      // base64ct rejects non-zero bits in the last symbol before the padding.
      if ((a | b | d) < 0 || (pad == 2 ? (b & 0x0F) : (d & 0x03)) != 0) {
        return null;
      }
      int bits = a << 18 | b << 12 | d << 6;
      out[o++] = (byte) (bits >> 16);
      if (pad == 1) {
        out[o] = (byte) (bits >> 8);
      }
    }
    return out;
  }

  private static final byte[] EMPTY = new byte[0];

  private static final int[] SEXTETS = new int[128];

  static {
    Arrays.fill(SEXTETS, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      SEXTETS[alphabet.charAt(i)] = i;
    }
  }

  /** The 6-bit value of a base64 symbol, or -1 (negative however far it is shifted left). */
  private static int sextet(char c) {
    return c < 128 ? SEXTETS[c] : -1;
  }
}

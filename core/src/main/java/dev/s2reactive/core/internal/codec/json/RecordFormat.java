package dev.s2reactive.core.internal.codec.json;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import java.util.Base64;

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
    int n = text.length();
    if (n == 0) {
      return EMPTY;
    }
    if ((n & 3) != 0) {
      return null;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    // The JDK decoder accepts non-zero bits in the last symbol before padding; base64ct does not.
    if (text.charAt(n - 1) == '=') {
      boolean two = text.charAt(n - 2) == '=';
      int last = sextet(text.charAt(n - (two ? 3 : 2)));
      if ((last & (two ? 0x0F : 0x03)) != 0) {
        return null;
      }
    }
    return decoded;
  }

  private static final byte[] EMPTY = new byte[0];

  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : 63;
  }
}

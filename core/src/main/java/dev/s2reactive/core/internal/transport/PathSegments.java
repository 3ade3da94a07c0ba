package dev.s2reactive.core.internal.transport;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Percent-encoding of path segments and query values (protocol §2: stream names may hold '/'). */
public final class PathSegments {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathSegments() {}

  /** Encodes every byte of the UTF-8 form except RFC 3986 unreserved characters. */
  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return sb.toString();
  }

  /** {@code ?k=v&...} with encoded values, or the empty string for no parameters. */
  public static String query(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("?");
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (sb.length() > 1) {
        sb.append('&');
      }
      sb.append(e.getKey()).append('=').append(encode(e.getValue()));
    }
    return sb.toString();
  }
}

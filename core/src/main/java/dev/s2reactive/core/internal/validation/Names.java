package dev.s2reactive.core.internal.validation;

import java.util.Optional;

/**
 * Name rules of protocol §11 for basins, streams, access token ids, list prefixes and cursors, and
 * basin locations. Each check returns the reason a value is invalid, or empty when it is valid; the
 * caller chooses the error code ({@code bad_path}, {@code bad_json}, {@code bad_query} or {@code
 * bad_header}) from where the value came. Stateless.
 */
public final class Names {

  public static final int MIN_BASIN_NAME_BYTES = 8;
  public static final int MAX_BASIN_NAME_BYTES = 48;
  public static final int MAX_STREAM_NAME_BYTES = 512;
  public static final int MAX_ACCESS_TOKEN_ID_BYTES = 96;
  public static final int MAX_LOCATION_CHARS = 64;
  public static final int MAX_REQUEST_TOKEN_BYTES = 36;

  private Names() {}

  /** A basin name: 8–48 bytes of {@code [a-z0-9-]}, starting and ending with a letter or digit. */
  public static Optional<String> basinNameError(String name) {
    return basinStr(name, "name", false);
  }

  /** A basin list prefix: basin characters, no minimum length, first character checked. */
  public static Optional<String> basinPrefixError(String prefix) {
    return basinStr(prefix, "prefix", true);
  }

  /** A basin list cursor ({@code start_after}): the same rules as a prefix. */
  public static Optional<String> basinStartAfterError(String startAfter) {
    return basinStr(startAfter, "start_after", true);
  }

  /** A stream name: 1–512 bytes of any UTF-8, not {@code "."} or {@code ".."}. */
  public static Optional<String> streamNameError(String name) {
    return nameStr(name, "stream name", MAX_STREAM_NAME_BYTES, false);
  }

  /** A stream list prefix: at most 512 bytes, may be empty. */
  public static Optional<String> streamPrefixError(String prefix) {
    return nameStr(prefix, "stream prefix", MAX_STREAM_NAME_BYTES, true);
  }

  /** A stream list cursor: at most 512 bytes, may be empty. */
  public static Optional<String> streamStartAfterError(String startAfter) {
    return nameStr(startAfter, "stream start_after", MAX_STREAM_NAME_BYTES, true);
  }

  /** An access token id: 1–96 bytes, not {@code "."} or {@code ".."}. */
  public static Optional<String> accessTokenIdError(String id) {
    return nameStr(id, "access token id", MAX_ACCESS_TOKEN_ID_BYTES, false);
  }

  /** An access token id list prefix: at most 96 bytes, may be empty. */
  public static Optional<String> accessTokenIdPrefixError(String prefix) {
    return nameStr(prefix, "access token id prefix", MAX_ACCESS_TOKEN_ID_BYTES, true);
  }

  /** An access token id list cursor: at most 96 bytes, may be empty. */
  public static Optional<String> accessTokenIdStartAfterError(String startAfter) {
    return nameStr(startAfter, "access token id start_after", MAX_ACCESS_TOKEN_ID_BYTES, true);
  }

  /** A basin location: 1–64 characters from {@code [A-Za-z0-9:.-]}. */
  public static Optional<String> locationError(String location) {
    if (location.isEmpty() || location.length() > MAX_LOCATION_CHARS) {
      return Optional.of("location must be between 1 and " + MAX_LOCATION_CHARS + " characters");
    }
    for (int i = 0; i < location.length(); i++) {
      char c = location.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == ':'
              || c == '.'
              || c == '-';
      if (!ok) {
        return Optional.of("location must comprise letters, numbers, `:`, `.`, and `-`");
      }
    }
    return Optional.empty();
  }

  /** The {@code s2-request-token} header value: at most 36 bytes. */
  public static Optional<String> requestTokenError(String token) {
    int bytes = utf8Length(token);
    if (bytes > MAX_REQUEST_TOKEN_BYTES) {
      return Optional.of(
          "request token must not exceed " + MAX_REQUEST_TOKEN_BYTES + " bytes in length");
    }
    return Optional.empty();
  }

  private static Optional<String> basinStr(String s, String field, boolean isPrefix) {
    int bytes = utf8Length(s);
    if (bytes > MAX_BASIN_NAME_BYTES) {
      return Optional.of(
          "basin " + field + " must not exceed " + MAX_BASIN_NAME_BYTES + " bytes in length");
    }
    if (!isPrefix && bytes < MIN_BASIN_NAME_BYTES) {
      return Optional.of(
          "basin " + field + " should be at least " + MIN_BASIN_NAME_BYTES + " bytes in length");
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (!lowerOrDigit(s.charAt(0))) {
      return Optional.of("basin " + field + " must begin with a lowercase letter or number");
    }
    int end = s.length();
    if (!isPrefix && s.length() > 1) {
      if (!lowerOrDigit(s.charAt(s.length() - 1))) {
        return Optional.of("basin " + field + " must end with a lowercase letter or number");
      }
      end--;
    }
    for (int i = 1; i < end; i++) {
      char c = s.charAt(i);
      if (!lowerOrDigit(c) && c != '-') {
        return Optional.of(
            "basin " + field + " must comprise lowercase letters, numbers, and hyphens");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nameStr(String s, String what, int maxBytes, boolean isPrefix) {
    if (!isPrefix && s.isEmpty()) {
      return Optional.of(what + " must not be empty");
    }
    if (!isPrefix && (s.equals(".") || s.equals(".."))) {
      return Optional.of(what + " must not be \".\" or \"..\"");
    }
    if (utf8Length(s) > maxBytes) {
      return Optional.of(what + " must not exceed " + maxBytes + " bytes in length");
    }
    return Optional.empty();
  }

  private static boolean lowerOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** Number of bytes in the UTF-8 encoding of {@code s}; a lone surrogate counts as 3. */
  public static int utf8Length(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2; // a pair: 2 chars, 4 bytes
        i++;
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }
}

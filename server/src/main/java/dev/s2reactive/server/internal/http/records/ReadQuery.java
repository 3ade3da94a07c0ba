package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.sse.LastEventId;
import dev.s2reactive.server.internal.engine.ReadRequest;
import dev.s2reactive.server.internal.engine.ReadStart;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The query of {@code GET …/records} (protocol §7.1), parsed strictly: values are plain decimal
 * integers or {@code true}/{@code false}, else 400 {@code bad_query}; a repeated parameter is 400
 * too; more than one start, or a timestamp start not below {@code until}, is 422 {@code invalid}.
 * Unknown parameters are ignored. Stateless.
 */
final class ReadQuery {

  private static final long U32_MAX = 0xFFFF_FFFFL;

  private ReadQuery() {}

  /** Parses the query part of {@code uri} (everything after the first {@code ?}). */
  static ReadRequest parse(String uri) {
    int q = uri.indexOf('?');
    Map<String, String> params = params(q < 0 ? "" : uri.substring(q + 1));
    OptionalLong seqNum = u64(params, "seq_num");
    OptionalLong timestamp = u64(params, "timestamp");
    OptionalLong tailOffset = u64(params, "tail_offset");
    boolean clamp = bool(params, "clamp");
    OptionalLong count = u64(params, "count");
    OptionalLong bytes = u64(params, "bytes");
    OptionalLong until = u64(params, "until");
    OptionalLong wait = u64(params, "wait");
    if (wait.isPresent() && Long.compareUnsigned(wait.getAsLong(), U32_MAX) > 0) {
      throw badQuery("wait", "number too large to fit in target type");
    }
    int starts =
        (seqNum.isPresent() ? 1 : 0)
            + (timestamp.isPresent() ? 1 : 0)
            + (tailOffset.isPresent() ? 1 : 0);
    if (starts > 1) {
      throw S2Exception.of(
          ErrorCode.INVALID, "only one of seq_num, timestamp, or tail_offset can be provided");
    }
    if (timestamp.isPresent()
        && until.isPresent()
        && Long.compareUnsigned(until.getAsLong(), timestamp.getAsLong()) <= 0) {
      throw S2Exception.of(ErrorCode.INVALID, "start `timestamp` exceeds or equal to `until`");
    }
    ReadStart start =
        seqNum.isPresent()
            ? ReadStart.seqNum(seqNum.getAsLong())
            : timestamp.isPresent()
                ? ReadStart.timestamp(timestamp.getAsLong())
                : ReadStart.tailOffset(tailOffset.orElse(0));
    return new ReadRequest(
        start,
        clamp,
        count,
        bytes,
        until,
        wait.isPresent()
            ? Optional.of(Duration.ofSeconds(wait.getAsLong()))
            : Optional.empty());
  }

  /**
   * The request an SSE client resumes with {@code Last-Event-ID: s,c,b} (protocol §8): start at
   * {@code s + 1}; {@code count} and {@code bytes}, when given, reduced by {@code c} and {@code b}
   * (saturating at 0); {@code until}, {@code wait} and {@code clamp} unchanged.
   */
  static ReadRequest resume(ReadRequest request, LastEventId last) {
    return new ReadRequest(
        ReadStart.seqNum(last.seqNum() + 1),
        request.clamp(),
        saturatingSub(request.count(), last.count()),
        saturatingSub(request.bytes(), last.bytes()),
        request.until(),
        request.waitTime());
  }

  private static OptionalLong saturatingSub(OptionalLong limit, long delivered) {
    if (limit.isEmpty()) {
      return limit;
    }
    long value = limit.getAsLong();
    return OptionalLong.of(Long.compareUnsigned(value, delivered) <= 0 ? 0 : value - delivered);
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new HashMap<>();
    if (query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = decode(eq < 0 ? "" : pair.substring(eq + 1));
      if (params.putIfAbsent(key, value) != null) {
        throw S2Exception.of(
            ErrorCode.BAD_QUERY,
            "Failed to deserialize query string: duplicate field `" + key + "`");
      }
    }
    return params;
  }

  private static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S2Exception.of(
          ErrorCode.BAD_QUERY, "Failed to deserialize query string: invalid percent-encoding");
    }
  }

  private static OptionalLong u64(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null) {
      return OptionalLong.empty();
    }
    if (value.isEmpty()) {
      throw badQuery(name, "cannot parse integer from empty string");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw badQuery(name, "invalid digit found in string");
      }
    }
    try {
      return OptionalLong.of(Long.parseUnsignedLong(value));
    } catch (NumberFormatException e) {
      throw badQuery(name, "number too large to fit in target type");
    }
  }

  private static boolean bool(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null) {
      return false;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw badQuery(name, "provided string was not `true` or `false`");
    };
  }

  private static S2Exception badQuery(String name, String detail) {
    return S2Exception.of(
        ErrorCode.BAD_QUERY, "Failed to deserialize query string: " + name + ": " + detail);
  }
}

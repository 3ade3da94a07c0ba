package dev.s2reactive.server.internal.http;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.validation.Names;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The query of a list endpoint (protocol §11): {@code prefix} and {@code start_after} (default
 * empty, validated by the rules of the listed names) and {@code limit} (a plain unsigned decimal;
 * absent, 0 or above {@value #MAX_LIMIT} all mean {@value #MAX_LIMIT}). Unknown parameters are
 * ignored; a repeated one, a bad value or bad percent-encoding is 400 {@code bad_query}.
 *
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 */
public record ListQuery(String prefix, String startAfter, int limit) {

  /** The largest page. */
  public static final int MAX_LIMIT = 1000;

  /** What is listed, which decides how {@code prefix} and {@code start_after} are validated. */
  public enum Kind {
    BASINS(Names::basinPrefixError, Names::basinStartAfterError),
    STREAMS(Names::streamPrefixError, Names::streamStartAfterError),
    ACCESS_TOKENS(Names::accessTokenIdPrefixError, Names::accessTokenIdStartAfterError);

    private final Function<String, Optional<String>> prefixError;
    private final Function<String, Optional<String>> startAfterError;

    Kind(
        Function<String, Optional<String>> prefixError,
        Function<String, Optional<String>> startAfterError) {
      this.prefixError = prefixError;
      this.startAfterError = startAfterError;
    }
  }

  /** Parses the query of a request URI. */
  public static ListQuery parse(String uri, Kind kind) {
    Map<String, List<String>> params;
    try {
      params = new QueryStringDecoder(uri, StandardCharsets.UTF_8).parameters();
    } catch (IllegalArgumentException e) {
      throw badQuery("invalid percent-encoding");
    }
    String prefix = single(params, "prefix", "");
    String startAfter = single(params, "start_after", "");
    String limit = single(params, "limit", null);
    kind.prefixError.apply(prefix).ifPresent(reason -> {
      throw badQuery(reason);
    });
    kind.startAfterError.apply(startAfter).ifPresent(reason -> {
      throw badQuery(reason);
    });
    return new ListQuery(prefix, startAfter, limit == null ? MAX_LIMIT : parseLimit(limit));
  }

  private static String single(Map<String, List<String>> params, String name, String absent) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return absent;
    }
    if (values.size() > 1) {
      throw badQuery("duplicate field `" + name + "`");
    }
    return values.get(0);
  }

  private static int parseLimit(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw badQuery("invalid digit found in string for `limit`");
    }
    String digits = text.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 20
        || (digits.length() == 20 && digits.compareTo("18446744073709551615") > 0)) {
      throw badQuery("number too large to fit in target type for `limit`");
    }
    if (digits.length() > 4) {
      return MAX_LIMIT;
    }
    int value = Integer.parseInt(digits);
    return value == 0 || value > MAX_LIMIT ? MAX_LIMIT : value;
  }

  private static S2Exception badQuery(String reason) {
    return S2Exception.of(ErrorCode.BAD_QUERY, "Failed to deserialize query string: " + reason);
  }
}

package dev.s2reactive.server.internal.http;

import io.netty.handler.codec.http.HttpMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a request's method and raw path against route patterns such as {@code
 * /v1/streams/{stream}/records}. Paths are split on {@code /} before percent-decoding, so a stream
 * name may contain an encoded slash. Immutable once built; safe to share between event loops.
 */
public final class Router {

  /** The outcome of matching one request. */
  public sealed interface Match {}

  /**
   * A route matched; {@code params} holds the decoded path variables and {@code index} is the
   * route's position in {@link #templates()}.
   */
  public record Found(Route route, Map<String, String> params, int index) implements Match {}

  /** A registered route's method and path pattern, as given to {@link Builder#route}. */
  public record Template(HttpMethod method, String pattern) {}

  /** The path exists but not for this method (answered 405 with an empty body). */
  public record MethodNotAllowed() implements Match {}

  /** No route has this path (answered 404 with an empty body). */
  public record NotFound() implements Match {}

  private record Entry(HttpMethod method, String pattern, String[] segments, Route route) {}

  private final List<Entry> entries;

  private Router(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The registered routes in registration order (for per-route metrics). */
  public List<Template> templates() {
    return entries.stream().map(e -> new Template(e.method, e.pattern)).toList();
  }

  /**
   * Matches {@code rawPath} (without the query). A path variable that is not valid percent-encoded
   * UTF-8 makes the whole match fail with {@link BadPathException}.
   */
  public Match match(HttpMethod method, String rawPath) {
    Match match = matchExactly(method, rawPath);
    if (method.equals(HttpMethod.HEAD) && !(match instanceof Found)) {
      // HEAD is GET without the body (RFC 9110 §9.3.2); the HTTP codec drops the body.
      Match get = matchExactly(HttpMethod.GET, rawPath);
      return get instanceof Found ? get : match;
    }
    return match;
  }

  private Match matchExactly(HttpMethod method, String rawPath) {
    String[] parts = split(rawPath);
    boolean pathExists = false;
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      Optional<Map<String, String>> params = bind(entry.segments, parts);
      if (params.isEmpty()) {
        continue;
      }
      if (entry.method.equals(method)) {
        return new Found(entry.route, params.get(), i);
      }
      pathExists = true;
    }
    return pathExists ? new MethodNotAllowed() : new NotFound();
  }

  private static Optional<Map<String, String>> bind(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return Optional.empty();
    }
    Map<String, String> params = null;
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{")) {
        if (params == null) {
          params = new HashMap<>(4);
        }
        params.put(p.substring(1, p.length() - 1), decode(parts[i]));
      } else if (!p.equals(parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(params == null ? Map.of() : params);
  }

  private static String[] split(String rawPath) {
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    return path.split("/", -1);
  }

  private static String decode(String segment) {
    if (segment.indexOf('%') < 0 && segment.indexOf('+') < 0) {
      return segment;
    }
    try {
      // URLDecoder treats '+' as a space, which is wrong in a path: protect it first.
      String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      if (decoded.indexOf('\uFFFD') >= 0 && segment.indexOf("%EF%BF%BD") < 0) {
        throw new BadPathException("invalid UTF-8 in path segment");
      }
      return decoded;
    } catch (IllegalArgumentException e) {
      throw new BadPathException("invalid percent-encoding in path segment");
    }
  }

  /** A path variable could not be decoded. */
  public static final class BadPathException extends RuntimeException {
    BadPathException(String message) {
      super(message);
    }
  }

  /** Collects routes; later routes never shadow earlier ones with the same method and pattern. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();

    private Builder() {}

    public Builder route(HttpMethod method, String pattern, Route route) {
      entries.add(new Entry(method, pattern, split(pattern), route));
      return this;
    }

    public Router build() {
      return new Router(entries);
    }
  }
}

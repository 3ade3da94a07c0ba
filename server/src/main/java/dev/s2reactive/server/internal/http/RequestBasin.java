package dev.s2reactive.server.internal.http;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.validation.Names;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Optional;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Which basin a {@code /v1/streams…} request addresses (protocol §1.2): the {@code s2-basin}
 * header, or else a {@code {basin}.} prefix of the Host (cloud-style basin endpoints such as
 * {@code my-basin.b.s2.dev}). Stateless.
 */
public final class RequestBasin {

  /** The single-endpoint basin header. */
  public static final String HEADER = "s2-basin";

  private RequestBasin() {}

  /**
   * The basin of {@code request}.
   *
   * @throws S2Exception 400 {@code bad_header} when the header is invalid, or missing with no
   *     basin in the Host
   */
  public static String of(HttpServerRequest request) {
    return resolve(
        request.requestHeaders().get(HEADER), request.requestHeaders().get(HttpHeaderNames.HOST));
  }

  /** {@link #of} over raw header values (either may be null). */
  public static String resolve(String basinHeader, String host) {
    if (basinHeader != null) {
      Optional<String> error = Names.basinNameError(basinHeader);
      if (error.isPresent()) {
        throw S2Exception.of(
            ErrorCode.BAD_HEADER, "Invalid header `" + HEADER + "`: " + error.get());
      }
      return basinHeader;
    }
    return fromHost(host)
        .orElseThrow(
            () -> S2Exception.of(ErrorCode.BAD_HEADER, "Missing header `" + HEADER + "`"));
  }

  /**
   * The basin named by the first label of a Host value: only when the host (port removed) has at
   * least two labels, is not an IP address, and its first label is a valid basin name.
   */
  public static Optional<String> fromHost(String host) {
    if (host == null || host.isEmpty() || host.startsWith("[")) {
      return Optional.empty(); // absent, or an IPv6 literal
    }
    int colon = host.lastIndexOf(':');
    String name = colon < 0 ? host : host.substring(0, colon);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    int dot = name.indexOf('.');
    if (dot <= 0 || isIpv4(name)) {
      return Optional.empty();
    }
    String label = name.substring(0, dot);
    return Names.basinNameError(label).isEmpty() ? Optional.of(label) : Optional.empty();
  }

  private static boolean isIpv4(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }
}

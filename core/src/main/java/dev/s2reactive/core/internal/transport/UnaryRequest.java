package dev.s2reactive.core.internal.transport;

import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One unary HTTP request.
 *
 * @param method the HTTP method
 * @param base scheme and authority
 * @param pathAndQuery already encoded, starting with {@code /v1/}
 * @param headers extra headers ({@code s2-basin}, {@code s2-request-token}, ...)
 * @param body JSON body, or null for none
 * @param idempotent true when resending after an indefinite failure cannot change the outcome
 * @param extraTimeout added to the request timeout (long-polling reads)
 */
public record UnaryRequest(
    HttpMethod method,
    URI base,
    String pathAndQuery,
    Map<String, String> headers,
    byte[] body,
    boolean idempotent,
    Optional<Duration> extraTimeout) {

  public UnaryRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(extraTimeout, "extraTimeout");
  }

  public static UnaryRequest of(
      HttpMethod method,
      URI base,
      String pathAndQuery,
      Map<String, String> headers,
      byte[] body,
      boolean idempotent) {
    return new UnaryRequest(
        method, base, pathAndQuery, headers, body, idempotent, Optional.empty());
  }

  public UnaryRequest withExtraTimeout(Duration extra) {
    return new UnaryRequest(
        method, base, pathAndQuery, headers, body, idempotent, Optional.of(extra));
  }

  public URI uri() {
    return URI.create(base.toString() + pathAndQuery);
  }
}

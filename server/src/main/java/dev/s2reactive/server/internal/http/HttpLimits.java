package dev.s2reactive.server.internal.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How much the HTTP layer accepts from a client, and for how long it waits (hostile-input
 * protection). A request line or header block over its limit is answered 414 / 431 by {@link
 * MalformedRequestHeads} and the connection closed; the timeouts are enforced by {@link
 * ConnectionGuard} and {@link RequestBodies}. None of them bounds a request once its head has
 * arrived, so long-lived reads and append sessions are never cut.
 *
 * @param maxInitialLineLength longest request line (method, URI, version), in bytes
 * @param maxHeaderSize largest header block of one request, in bytes
 * @param idleTimeout how long an HTTP/1.1 connection may sit with no request in progress and
 *     nothing received before it is closed
 * @param requestHeadTimeout how long a request head may take to arrive once its first byte has
 *     (slowloris protection)
 * @param unaryBodyTimeout how long a unary request body may take to arrive (408 after that)
 */
public record HttpLimits(
    int maxInitialLineLength,
    int maxHeaderSize,
    Duration idleTimeout,
    Duration requestHeadTimeout,
    Duration unaryBodyTimeout) {

  public HttpLimits {
    if (maxInitialLineLength < 256 || maxHeaderSize < 1024) {
      throw new IllegalArgumentException("limits too small to serve S2 requests");
    }
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(requestHeadTimeout, "requestHeadTimeout");
    requirePositive(unaryBodyTimeout, "unaryBodyTimeout");
  }

  /**
   * Room for a 512-byte stream name percent-encoded three times over in a path and in list
   * queries; generous headers; idle connections closed after two minutes; 30 s for a request head
   * and 60 s for a unary body.
   */
  public static HttpLimits defaults() {
    return new HttpLimits(
        16 * 1024,
        32 * 1024,
        Duration.ofMinutes(2),
        Duration.ofSeconds(30),
        RequestBodies.DEFAULT_TIMEOUT);
  }

  public HttpLimits withTimeouts(Duration idle, Duration requestHead, Duration unaryBody) {
    return new HttpLimits(maxInitialLineLength, maxHeaderSize, idle, requestHead, unaryBody);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }
}

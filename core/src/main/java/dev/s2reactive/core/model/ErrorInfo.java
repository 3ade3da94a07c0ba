package dev.s2reactive.core.model;

import java.util.Objects;

/**
 * The standard error body {@code {"code", "message"}} (protocol §10). Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param code the wire error code, for example {@code "stream_not_found"}
 * @param message a human-readable description
 */
public record ErrorInfo(String code, String message) {

  public ErrorInfo {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}

package dev.s2reactive.core.error;

/**
 * An error after which the same request may succeed: timeouts, throttling, unavailability.
 *
 * <p>Immutable and safe to pass between threads; it does no I/O, so backpressure does not
 * apply.
 */
public class S2TransientException extends S2Exception {

  public S2TransientException(int status, String code, String message, Throwable cause) {
    super(status, code, message, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

package dev.s2reactive.core.error;

/**
 * An error that repeats if the same request is sent again: bad input, missing resources, auth.
 *
 * <p>Immutable and safe to pass between threads; it does no I/O, so backpressure does not
 * apply.
 */
public class S2NonTransientException extends S2Exception {

  public S2NonTransientException(int status, String code, String message, Throwable cause) {
    super(status, code, message, cause);
  }

  @Override
  public boolean isRetryable() {
    return false;
  }
}

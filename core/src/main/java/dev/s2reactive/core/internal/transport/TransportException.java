package dev.s2reactive.core.internal.transport;

import dev.s2reactive.core.error.S2Exception;

/**
 * A failure below the S2 API: the connection could not be made, broke, or timed out. Whether a
 * retry may help and whether the request may have been applied depend on where it failed.
 */
public final class TransportException extends S2Exception {

  /** Wire-less code used for connection-level failures. */
  public static final String CODE = "transport";

  private final boolean retryable;
  private final boolean mayHaveBeenApplied;

  public TransportException(
      String message, Throwable cause, boolean retryable, boolean mayHaveBeenApplied) {
    super(0, CODE, message, cause);
    this.retryable = retryable;
    this.mayHaveBeenApplied = mayHaveBeenApplied;
  }

  @Override
  public boolean isRetryable() {
    return retryable;
  }

  @Override
  public boolean mayHaveBeenApplied() {
    return mayHaveBeenApplied;
  }
}

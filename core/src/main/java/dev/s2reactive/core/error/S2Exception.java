package dev.s2reactive.core.error;

import java.util.Objects;
import java.util.Optional;

/**
 * Base of every error the S2 API reports. Carries the HTTP status, the wire {@code code} (which may
 * be one this client does not know) and whether a retry may succeed.
 *
 * <p>Like R2DBC, the tree splits into {@link S2TransientException} (a retry may succeed) and {@link
 * S2NonTransientException} (it will not). Use {@link #of} to build the right subclass from a
 * status and code.
 *
 * <p>Immutable and safe to pass between threads; it does no I/O, so backpressure does not apply.
 */
public abstract class S2Exception extends RuntimeException {

  private final int status;
  private final String code;

  protected S2Exception(int status, String code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * The exception for an error response: transient when the code is retryable, or when the code is
   * unknown and the status is 5xx (protocol §10); non-transient otherwise.
   */
  public static S2Exception of(int status, String code, String message) {
    Optional<ErrorCode> known = ErrorCode.fromWireName(code);
    boolean retryable = known.map(ErrorCode::isRetryable).orElse(status >= 500);
    return retryable
        ? new S2TransientException(status, code, message, null)
        : new S2NonTransientException(status, code, message, null);
  }

  /** The exception for a known code with its usual status. */
  public static S2Exception of(ErrorCode code, String message) {
    return of(code.status(), code.wireName(), message);
  }

  /** HTTP status of the response (or of the s2s terminal frame). */
  public int status() {
    return status;
  }

  /** The wire {@code code}, for example {@code "stream_not_found"}. */
  public String code() {
    return code;
  }

  /** The code as an enum, or empty when this client does not know it. */
  public Optional<ErrorCode> errorCode() {
    return ErrorCode.fromWireName(code);
  }

  /** True when the same request may succeed if retried. */
  public abstract boolean isRetryable();

  /**
   * True when the request may have taken effect although it failed (for example an append whose
   * connection broke after it was sent). False when the failure guarantees nothing changed.
   */
  public boolean mayHaveBeenApplied() {
    return errorCode().map(c -> !c.guaranteesNoSideEffects()).orElse(status >= 500);
  }
}

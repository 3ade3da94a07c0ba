package dev.s2reactive.core.error;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The error codes of the S2 v1 API (protocol §10) with their HTTP status, whether a retry may
 * succeed, and whether a failure with this code guarantees that the request had no side effect.
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public enum ErrorCode {
  AUTHN("authn", 401, false, true),
  BAD_FRAME("bad_frame", 400, false, true),
  BAD_HEADER("bad_header", 400, false, true),
  BAD_JSON("bad_json", 400, false, true),
  BAD_PATH("bad_path", 400, false, true),
  BAD_PROTO("bad_proto", 400, false, true),
  BAD_QUERY("bad_query", 400, false, true),
  DECRYPTION_FAILED("decryption_failed", 400, false, true),
  PERMISSION_DENIED("permission_denied", 403, false, true),
  QUOTA_EXHAUSTED("quota_exhausted", 403, false, true),
  ACCESS_TOKEN_NOT_FOUND("access_token_not_found", 404, false, true),
  BASIN_NOT_FOUND("basin_not_found", 404, false, true),
  STREAM_NOT_FOUND("stream_not_found", 404, false, true),
  REQUEST_TIMEOUT("request_timeout", 408, true, false),
  BASIN_DELETION_PENDING("basin_deletion_pending", 409, false, true),
  STREAM_DELETION_PENDING("stream_deletion_pending", 409, false, true),
  RESOURCE_ALREADY_EXISTS("resource_already_exists", 409, false, true),
  TRANSACTION_CONFLICT("transaction_conflict", 409, true, true),
  INVALID("invalid", 422, false, true),
  RATE_LIMITED("rate_limited", 429, true, true),
  CLIENT_HANGUP("client_hangup", 499, false, false),
  OTHER("other", 500, true, false),
  STORAGE("storage", 500, true, false),
  NOT_IMPLEMENTED("not_implemented", 501, false, true),
  HOT_SERVER("hot_server", 502, true, true),
  SERVER_DRAINING("server_draining", 503, true, true),
  UNAVAILABLE("unavailable", 503, true, false),
  UPSTREAM_TIMEOUT("upstream_timeout", 504, true, false);

  private static final Map<String, ErrorCode> BY_WIRE_NAME = new HashMap<>();

  static {
    for (ErrorCode code : values()) {
      BY_WIRE_NAME.put(code.wireName, code);
    }
  }

  private final String wireName;
  private final int status;
  private final boolean retryable;
  private final boolean noSideEffects;

  ErrorCode(String wireName, int status, boolean retryable, boolean noSideEffects) {
    this.wireName = wireName;
    this.status = status;
    this.retryable = retryable;
    this.noSideEffects = noSideEffects;
  }

  /** The code as it appears in the {@code code} field of an error body. */
  public String wireName() {
    return wireName;
  }

  /** The HTTP status that goes with this code. */
  public int status() {
    return status;
  }

  /** True when the same request may succeed if retried. */
  public boolean isRetryable() {
    return retryable;
  }

  /** True when a failure with this code guarantees the request changed nothing. */
  public boolean guaranteesNoSideEffects() {
    return noSideEffects;
  }

  /** The code with this wire name, or empty for a code this client does not know. */
  public static Optional<ErrorCode> fromWireName(String wireName) {
    return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
  }
}

package dev.s2reactive.core.model;

import java.util.Optional;

/**
 * An operation an access token may be allowed to perform (kebab-case on the wire).
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public enum Operation {
  LIST_BASINS("list-basins"),
  CREATE_BASIN("create-basin"),
  DELETE_BASIN("delete-basin"),
  RECONFIGURE_BASIN("reconfigure-basin"),
  GET_BASIN_CONFIG("get-basin-config"),
  ISSUE_ACCESS_TOKEN("issue-access-token"),
  REVOKE_ACCESS_TOKEN("revoke-access-token"),
  LIST_ACCESS_TOKENS("list-access-tokens"),
  LIST_STREAMS("list-streams"),
  CREATE_STREAM("create-stream"),
  DELETE_STREAM("delete-stream"),
  GET_STREAM_CONFIG("get-stream-config"),
  RECONFIGURE_STREAM("reconfigure-stream"),
  CHECK_TAIL("check-tail"),
  APPEND("append"),
  READ("read"),
  TRIM("trim"),
  FENCE("fence"),
  ACCOUNT_METRICS("account-metrics"),
  BASIN_METRICS("basin-metrics"),
  STREAM_METRICS("stream-metrics"),
  LIST_LOCATIONS("list-locations"),
  GET_DEFAULT_LOCATION("get-default-location"),
  SET_DEFAULT_LOCATION("set-default-location");

  private final String wireName;

  Operation(String wireName) {
    this.wireName = wireName;
  }

  /** The JSON name, for example {@code "list-basins"}. */
  public String wireName() {
    return wireName;
  }

  /** The operation with this JSON name, or empty when unknown. */
  public static Optional<Operation> fromWireName(String name) {
    for (Operation op : values()) {
      if (op.wireName.equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}

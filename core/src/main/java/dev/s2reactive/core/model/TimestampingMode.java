package dev.s2reactive.core.model;

import java.util.Optional;

/**
 * How a stream assigns record timestamps (protocol §6.3).
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public enum TimestampingMode {
  /** Use the client timestamp when present, otherwise the arrival time; the system default. */
  CLIENT_PREFER("client-prefer"),
  /** Require a client timestamp on every record. */
  CLIENT_REQUIRE("client-require"),
  /** Always use the arrival time. */
  ARRIVAL("arrival");

  private final String wireName;

  TimestampingMode(String wireName) {
    this.wireName = wireName;
  }

  /** The JSON name, for example {@code "client-prefer"}. */
  public String wireName() {
    return wireName;
  }

  /** The mode with this JSON name, or empty when unknown. */
  public static Optional<TimestampingMode> fromWireName(String name) {
    for (TimestampingMode m : values()) {
      if (m.wireName.equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}

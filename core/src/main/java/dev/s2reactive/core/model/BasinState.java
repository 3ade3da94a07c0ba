package dev.s2reactive.core.model;

import java.util.Optional;

/**
 * Whether a basin is usable or being deleted (deprecated on the wire, derived from deleted_at).
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public enum BasinState {
  ACTIVE("active"),
  DELETING("deleting");

  private final String wireName;

  BasinState(String wireName) {
    this.wireName = wireName;
  }

  /** The JSON name, for example {@code "active"}. */
  public String wireName() {
    return wireName;
  }

  /** The state with this JSON name, or empty when unknown. */
  public static Optional<BasinState> fromWireName(String name) {
    for (BasinState s : values()) {
      if (s.wireName.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}

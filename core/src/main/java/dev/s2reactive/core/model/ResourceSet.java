package dev.s2reactive.core.model;

import java.util.Objects;

/**
 * A set of resource names in an access token's scope: one exact name or every name with a prefix.
 * {@code prefix("")} matches everything; {@code exact("")} matches nothing. Immutable and
 * thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param kind exact or prefix
 * @param value the name or prefix
 */
public record ResourceSet(Kind kind, String value) {

  /** How {@link #value} is matched. */
  public enum Kind {
    EXACT("exact"),
    PREFIX("prefix");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The JSON key, {@code "exact"} or {@code "prefix"}. */
    public String wireName() {
      return wireName;
    }
  }

  public ResourceSet {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  public static ResourceSet exact(String name) {
    return new ResourceSet(Kind.EXACT, name);
  }

  public static ResourceSet prefix(String prefix) {
    return new ResourceSet(Kind.PREFIX, prefix);
  }

  /** True when {@code name} belongs to this set. */
  public boolean matches(String name) {
    return kind == Kind.EXACT ? !value.isEmpty() && value.equals(name) : name.startsWith(value);
  }
}

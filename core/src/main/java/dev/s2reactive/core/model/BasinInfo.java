package dev.s2reactive.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A basin as listed or returned by create/ensure. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param name the basin name
 * @param location where the basin lives, when known (older servers call it {@code scope})
 * @param createdAt when it was created
 * @param deletedAt when its deletion was requested, if it is being deleted
 * @param state deprecated on the wire; {@link BasinState#DELETING} exactly when {@code deletedAt}
 *     is present
 */
public record BasinInfo(
    String name,
    Optional<String> location,
    Instant createdAt,
    Optional<Instant> deletedAt,
    BasinState state) {

  public BasinInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(deletedAt, "deletedAt");
    Objects.requireNonNull(state, "state");
  }

  /** A basin whose state is derived from {@code deletedAt}. */
  public static BasinInfo of(
      String name, Optional<String> location, Instant createdAt, Optional<Instant> deletedAt) {
    return new BasinInfo(
        name,
        location,
        createdAt,
        deletedAt,
        deletedAt.isPresent() ? BasinState.DELETING : BasinState.ACTIVE);
  }
}

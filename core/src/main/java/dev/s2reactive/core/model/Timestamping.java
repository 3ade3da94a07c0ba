package dev.s2reactive.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Timestamping settings of a stream (protocol §6.3). Empty fields are unset (they take the basin
 * default, then the system default). Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param mode how timestamps are assigned
 * @param uncapped when true, client timestamps may be later than the arrival time
 */
public record Timestamping(Optional<TimestampingMode> mode, Optional<Boolean> uncapped) {

  /** The system default: client-prefer, capped. */
  public static final Timestamping DEFAULT =
      new Timestamping(Optional.of(TimestampingMode.CLIENT_PREFER), Optional.of(false));

  /** No field set. */
  public static final Timestamping UNSET = new Timestamping(Optional.empty(), Optional.empty());

  public Timestamping {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(uncapped, "uncapped");
  }

  public static Timestamping of(TimestampingMode mode, boolean uncapped) {
    return new Timestamping(Optional.of(mode), Optional.of(uncapped));
  }
}

package dev.s2reactive.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Body of {@code PUT /basins/{basin}}: create the basin or replace its whole config. Immutable and
 * thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param config the config; empty for the default
 * @param location where to place a new basin; empty for the account default
 */
public record EnsureBasinRequest(Optional<BasinConfig> config, Optional<String> location) {

  /** An empty body: default config, default location. */
  public static final EnsureBasinRequest EMPTY =
      new EnsureBasinRequest(Optional.empty(), Optional.empty());

  public EnsureBasinRequest {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(location, "location");
  }

  public static EnsureBasinRequest of(BasinConfig config) {
    return new EnsureBasinRequest(Optional.of(config), Optional.empty());
  }
}

package dev.s2reactive.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Body of {@code POST /basins}. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param basin the new basin's name
 * @param config its config; empty for the default
 * @param location where to place it; empty for the account default
 */
public record CreateBasinRequest(
    String basin, Optional<BasinConfig> config, Optional<String> location) {

  public CreateBasinRequest {
    Objects.requireNonNull(basin, "basin");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(location, "location");
  }

  public static CreateBasinRequest of(String basin) {
    return new CreateBasinRequest(basin, Optional.empty(), Optional.empty());
  }

  public static CreateBasinRequest of(String basin, BasinConfig config) {
    return new CreateBasinRequest(basin, Optional.of(config), Optional.empty());
  }
}

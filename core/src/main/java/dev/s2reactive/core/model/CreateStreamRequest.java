package dev.s2reactive.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Body of {@code POST /streams}. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param stream the new stream's name
 * @param config its config; empty to take the basin and system defaults
 */
public record CreateStreamRequest(String stream, Optional<StreamConfig> config) {

  public CreateStreamRequest {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(config, "config");
  }

  public static CreateStreamRequest of(String stream) {
    return new CreateStreamRequest(stream, Optional.empty());
  }

  public static CreateStreamRequest of(String stream, StreamConfig config) {
    return new CreateStreamRequest(stream, Optional.of(config));
  }
}

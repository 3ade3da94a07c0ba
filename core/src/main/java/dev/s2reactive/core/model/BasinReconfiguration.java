package dev.s2reactive.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A partial update of a basin's config (PATCH). {@code defaultStreamConfig} reset clears the
 * layer; set applies a nested stream patch to it. The two booleans are absent (unchanged) or a
 * value; the wire does not allow {@code null} for them. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 */
public record BasinReconfiguration(
    Patch<StreamReconfiguration> defaultStreamConfig,
    Patch<EncryptionAlgorithm> streamCipher,
    Optional<Boolean> createStreamOnAppend,
    Optional<Boolean> createStreamOnRead) {

  /** A reconfiguration that changes nothing. */
  public static final BasinReconfiguration NONE =
      new BasinReconfiguration(Patch.absent(), Patch.absent(), Optional.empty(), Optional.empty());

  public BasinReconfiguration {
    Objects.requireNonNull(defaultStreamConfig, "defaultStreamConfig");
    Objects.requireNonNull(streamCipher, "streamCipher");
    Objects.requireNonNull(createStreamOnAppend, "createStreamOnAppend");
    Objects.requireNonNull(createStreamOnRead, "createStreamOnRead");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link BasinReconfiguration}; every field starts absent. Not thread-safe. */
  public static final class Builder {
    private Patch<StreamReconfiguration> defaultStreamConfig = Patch.absent();
    private Patch<EncryptionAlgorithm> streamCipher = Patch.absent();
    private Optional<Boolean> createStreamOnAppend = Optional.empty();
    private Optional<Boolean> createStreamOnRead = Optional.empty();

    private Builder() {}

    public Builder defaultStreamConfig(Patch<StreamReconfiguration> patch) {
      this.defaultStreamConfig = Objects.requireNonNull(patch);
      return this;
    }

    public Builder streamCipher(Patch<EncryptionAlgorithm> patch) {
      this.streamCipher = Objects.requireNonNull(patch);
      return this;
    }

    public Builder createStreamOnAppend(boolean value) {
      this.createStreamOnAppend = Optional.of(value);
      return this;
    }

    public Builder createStreamOnRead(boolean value) {
      this.createStreamOnRead = Optional.of(value);
      return this;
    }

    public BasinReconfiguration build() {
      return new BasinReconfiguration(
          defaultStreamConfig, streamCipher, createStreamOnAppend, createStreamOnRead);
    }
  }
}

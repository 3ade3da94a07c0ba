package dev.s2reactive.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of a basin. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param defaultStreamConfig defaults for streams created in the basin (a layer: only the fields it
 *     sets apply)
 * @param streamCipher the cipher of streams created in the basin, if they are encrypted
 * @param createStreamOnAppend an append to a missing stream creates it
 * @param createStreamOnRead a read or check-tail of a missing stream creates it
 */
public record BasinConfig(
    Optional<StreamConfig> defaultStreamConfig,
    Optional<EncryptionAlgorithm> streamCipher,
    boolean createStreamOnAppend,
    boolean createStreamOnRead) {

  /** The default config: no stream defaults, no cipher, no auto-creation. */
  public static final BasinConfig DEFAULT =
      new BasinConfig(Optional.empty(), Optional.empty(), false, false);

  public BasinConfig {
    Objects.requireNonNull(defaultStreamConfig, "defaultStreamConfig");
    Objects.requireNonNull(streamCipher, "streamCipher");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this config. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.defaultStreamConfig = defaultStreamConfig;
    b.streamCipher = streamCipher;
    b.createStreamOnAppend = createStreamOnAppend;
    b.createStreamOnRead = createStreamOnRead;
    return b;
  }

  /** Builds a {@link BasinConfig}; starts from {@link #DEFAULT}. Not thread-safe. */
  public static final class Builder {
    private Optional<StreamConfig> defaultStreamConfig = Optional.empty();
    private Optional<EncryptionAlgorithm> streamCipher = Optional.empty();
    private boolean createStreamOnAppend;
    private boolean createStreamOnRead;

    private Builder() {}

    public Builder defaultStreamConfig(StreamConfig config) {
      this.defaultStreamConfig = Optional.ofNullable(config);
      return this;
    }

    public Builder streamCipher(EncryptionAlgorithm cipher) {
      this.streamCipher = Optional.ofNullable(cipher);
      return this;
    }

    public Builder createStreamOnAppend(boolean value) {
      this.createStreamOnAppend = value;
      return this;
    }

    public Builder createStreamOnRead(boolean value) {
      this.createStreamOnRead = value;
      return this;
    }

    public BasinConfig build() {
      return new BasinConfig(
          defaultStreamConfig, streamCipher, createStreamOnAppend, createStreamOnRead);
    }
  }
}

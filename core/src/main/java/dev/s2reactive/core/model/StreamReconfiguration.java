package dev.s2reactive.core.model;

import java.util.Objects;

/**
 * A partial update of a stream's config (PATCH). Each field is a {@link Patch}: absent leaves it
 * unchanged, reset restores the default (basin default, then system default), set replaces it.
 * {@code timestamping} and {@code deleteOnEmpty} are themselves nested patches. Immutable and
 * thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 */
public record StreamReconfiguration(
    Patch<StorageClass> storageClass,
    Patch<RetentionPolicy> retentionPolicy,
    Patch<TimestampingReconfiguration> timestamping,
    Patch<DeleteOnEmptyReconfiguration> deleteOnEmpty) {

  /** A reconfiguration that changes nothing. */
  public static final StreamReconfiguration NONE =
      new StreamReconfiguration(
          Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent());

  public StreamReconfiguration {
    Objects.requireNonNull(storageClass, "storageClass");
    Objects.requireNonNull(retentionPolicy, "retentionPolicy");
    Objects.requireNonNull(timestamping, "timestamping");
    Objects.requireNonNull(deleteOnEmpty, "deleteOnEmpty");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A nested patch of {@link Timestamping}. */
  public record TimestampingReconfiguration(Patch<TimestampingMode> mode, Patch<Boolean> uncapped) {
    public TimestampingReconfiguration {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(uncapped, "uncapped");
    }
  }

  /** A nested patch of {@link DeleteOnEmpty}. */
  public record DeleteOnEmptyReconfiguration(Patch<Long> minAgeSecs) {
    public DeleteOnEmptyReconfiguration {
      Objects.requireNonNull(minAgeSecs, "minAgeSecs");
    }
  }

  /** Builds a {@link StreamReconfiguration}; every field starts absent. Not thread-safe. */
  public static final class Builder {
    private Patch<StorageClass> storageClass = Patch.absent();
    private Patch<RetentionPolicy> retentionPolicy = Patch.absent();
    private Patch<TimestampingReconfiguration> timestamping = Patch.absent();
    private Patch<DeleteOnEmptyReconfiguration> deleteOnEmpty = Patch.absent();

    private Builder() {}

    public Builder storageClass(Patch<StorageClass> storageClass) {
      this.storageClass = Objects.requireNonNull(storageClass);
      return this;
    }

    public Builder retentionPolicy(Patch<RetentionPolicy> retentionPolicy) {
      this.retentionPolicy = Objects.requireNonNull(retentionPolicy);
      return this;
    }

    public Builder timestamping(Patch<TimestampingReconfiguration> timestamping) {
      this.timestamping = Objects.requireNonNull(timestamping);
      return this;
    }

    public Builder deleteOnEmpty(Patch<DeleteOnEmptyReconfiguration> deleteOnEmpty) {
      this.deleteOnEmpty = Objects.requireNonNull(deleteOnEmpty);
      return this;
    }

    public StreamReconfiguration build() {
      return new StreamReconfiguration(storageClass, retentionPolicy, timestamping, deleteOnEmpty);
    }
  }
}

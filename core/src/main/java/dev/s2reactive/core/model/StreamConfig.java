package dev.s2reactive.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of a stream. Every field is optional: an unset field takes the basin's default
 * stream config, then the system default ({@link #DEFAULTS}). The server resolves the config when a
 * stream is created or reconfigured and returns it with every field set. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param storageClass storage class
 * @param retentionPolicy retention of records
 * @param timestamping timestamp assignment
 * @param deleteOnEmpty automatic deletion of empty streams
 */
public record StreamConfig(
    Optional<StorageClass> storageClass,
    Optional<RetentionPolicy> retentionPolicy,
    Optional<Timestamping> timestamping,
    Optional<DeleteOnEmpty> deleteOnEmpty) {

  /** A config with no field set. */
  public static final StreamConfig EMPTY =
      new StreamConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** The system defaults, fully resolved (protocol §4.2). */
  public static final StreamConfig DEFAULTS =
      new StreamConfig(
          Optional.of(StorageClass.EXPRESS),
          Optional.of(RetentionPolicy.DEFAULT),
          Optional.of(Timestamping.DEFAULT),
          Optional.of(DeleteOnEmpty.DISABLED));

  public StreamConfig {
    Objects.requireNonNull(storageClass, "storageClass");
    Objects.requireNonNull(retentionPolicy, "retentionPolicy");
    Objects.requireNonNull(timestamping, "timestamping");
    Objects.requireNonNull(deleteOnEmpty, "deleteOnEmpty");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this config. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.storageClass = storageClass;
    b.retentionPolicy = retentionPolicy;
    b.timestamping = timestamping;
    b.deleteOnEmpty = deleteOnEmpty;
    return b;
  }

  /** True when no field is set. */
  public boolean isEmpty() {
    return storageClass.isEmpty()
        && retentionPolicy.isEmpty()
        && timestamping.isEmpty()
        && deleteOnEmpty.isEmpty();
  }

  /** Builds a {@link StreamConfig}; every field starts unset. Not thread-safe. */
  public static final class Builder {
    private Optional<StorageClass> storageClass = Optional.empty();
    private Optional<RetentionPolicy> retentionPolicy = Optional.empty();
    private Optional<Timestamping> timestamping = Optional.empty();
    private Optional<DeleteOnEmpty> deleteOnEmpty = Optional.empty();

    private Builder() {}

    public Builder storageClass(StorageClass storageClass) {
      this.storageClass = Optional.ofNullable(storageClass);
      return this;
    }

    public Builder retentionPolicy(RetentionPolicy retentionPolicy) {
      this.retentionPolicy = Optional.ofNullable(retentionPolicy);
      return this;
    }

    public Builder timestamping(Timestamping timestamping) {
      this.timestamping = Optional.ofNullable(timestamping);
      return this;
    }

    public Builder timestamping(TimestampingMode mode, boolean uncapped) {
      return timestamping(Timestamping.of(mode, uncapped));
    }

    public Builder deleteOnEmpty(DeleteOnEmpty deleteOnEmpty) {
      this.deleteOnEmpty = Optional.ofNullable(deleteOnEmpty);
      return this;
    }

    public StreamConfig build() {
      return new StreamConfig(storageClass, retentionPolicy, timestamping, deleteOnEmpty);
    }
  }
}

package dev.s2reactive.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an access token may do: the resources it may touch and the operations it may perform. An
 * empty resource set denies every resource of that kind. The allowed operations are {@code ops}
 * plus those covered by {@code opGroups}. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param basins basins the token may touch
 * @param streams streams the token may touch
 * @param accessTokens token ids the token may manage
 * @param opGroups permissions by operation group
 * @param ops individually allowed operations, in wire order
 */
public record AccessTokenScope(
    Optional<ResourceSet> basins,
    Optional<ResourceSet> streams,
    Optional<ResourceSet> accessTokens,
    Optional<OpGroupPermissions> opGroups,
    Optional<List<Operation>> ops) {

  /** A scope that allows nothing. */
  public static final AccessTokenScope EMPTY =
      new AccessTokenScope(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public AccessTokenScope {
    Objects.requireNonNull(basins, "basins");
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(accessTokens, "accessTokens");
    Objects.requireNonNull(opGroups, "opGroups");
    ops = ops.map(List::copyOf);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AccessTokenScope}; every field starts empty. Not thread-safe. */
  public static final class Builder {
    private Optional<ResourceSet> basins = Optional.empty();
    private Optional<ResourceSet> streams = Optional.empty();
    private Optional<ResourceSet> accessTokens = Optional.empty();
    private Optional<OpGroupPermissions> opGroups = Optional.empty();
    private Optional<List<Operation>> ops = Optional.empty();

    private Builder() {}

    public Builder basins(ResourceSet set) {
      this.basins = Optional.ofNullable(set);
      return this;
    }

    public Builder streams(ResourceSet set) {
      this.streams = Optional.ofNullable(set);
      return this;
    }

    public Builder accessTokens(ResourceSet set) {
      this.accessTokens = Optional.ofNullable(set);
      return this;
    }

    public Builder opGroups(OpGroupPermissions groups) {
      this.opGroups = Optional.ofNullable(groups);
      return this;
    }

    public Builder ops(List<Operation> ops) {
      this.ops = Optional.ofNullable(ops);
      return this;
    }

    public Builder ops(Operation... ops) {
      return ops(List.of(ops));
    }

    public AccessTokenScope build() {
      return new AccessTokenScope(basins, streams, accessTokens, opGroups, ops);
    }
  }
}

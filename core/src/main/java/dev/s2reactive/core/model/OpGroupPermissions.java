package dev.s2reactive.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Permissions by operation group (protocol §12.3). An empty group grants nothing. Immutable and
 * thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param account account-level operations (basins, tokens, account metrics)
 * @param basin basin-level operations (streams, basin metrics)
 * @param stream stream-level operations (read, append, ...)
 */
public record OpGroupPermissions(
    Optional<ReadWrite> account, Optional<ReadWrite> basin, Optional<ReadWrite> stream) {

  /** No group permissions. */
  public static final OpGroupPermissions NONE =
      new OpGroupPermissions(Optional.empty(), Optional.empty(), Optional.empty());

  public OpGroupPermissions {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(basin, "basin");
    Objects.requireNonNull(stream, "stream");
  }

  public static OpGroupPermissions of(ReadWrite account, ReadWrite basin, ReadWrite stream) {
    return new OpGroupPermissions(
        Optional.ofNullable(account), Optional.ofNullable(basin), Optional.ofNullable(stream));
  }
}

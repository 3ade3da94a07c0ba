package dev.s2reactive.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token as listed (without its secret). Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param id the token id
 * @param expiresAt expiry; empty when it never expires
 * @param autoPrefixStreams stream names are relative to the {@code streams} prefix
 * @param scope what the token may do
 */
public record AccessTokenInfo(
    String id, Optional<Instant> expiresAt, boolean autoPrefixStreams, AccessTokenScope scope) {

  public AccessTokenInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(scope, "scope");
  }
}

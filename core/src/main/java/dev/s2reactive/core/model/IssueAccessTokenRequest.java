package dev.s2reactive.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Body of {@code POST /access-tokens}. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param id the token id (1–96 bytes, unique per account)
 * @param expiresAt expiry; empty for the issuing token's expiry
 * @param autoPrefixStreams stream names are relative to the {@code streams} prefix
 * @param scope what the token may do
 */
public record IssueAccessTokenRequest(
    String id, Optional<Instant> expiresAt, boolean autoPrefixStreams, AccessTokenScope scope) {

  public IssueAccessTokenRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(scope, "scope");
  }

  public static IssueAccessTokenRequest of(String id, AccessTokenScope scope) {
    return new IssueAccessTokenRequest(id, Optional.empty(), false, scope);
  }
}

package dev.s2reactive.core.model;

import java.util.Objects;

/**
 * Response of {@code POST /access-tokens}. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param accessToken the secret bearer token; returned only once
 */
public record IssueAccessTokenResponse(String accessToken) {

  public IssueAccessTokenResponse {
    Objects.requireNonNull(accessToken, "accessToken");
  }

  @Override
  public String toString() {
    return "IssueAccessTokenResponse[accessToken=<redacted>]";
  }
}

package dev.s2reactive.core.model;

import java.util.List;

/**
 * One page of a list of accessTokens. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param accessTokens at most 1000 items, in byte-wise order of their names
 * @param hasMore true when more items match; fetch them with {@code start_after} set to the last
 *     name of this page
 */
public record ListAccessTokensResponse(List<AccessTokenInfo> accessTokens, boolean hasMore) {

  public ListAccessTokensResponse {
    accessTokens = List.copyOf(accessTokens);
  }
}

package dev.s2reactive.core.model;

import java.util.List;

/**
 * One page of a list of basins. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param basins at most 1000 items, in byte-wise order of their names
 * @param hasMore true when more items match; fetch them with {@code start_after} set to the last
 *     name of this page
 */
public record ListBasinsResponse(List<BasinInfo> basins, boolean hasMore) {

  public ListBasinsResponse {
    basins = List.copyOf(basins);
  }
}

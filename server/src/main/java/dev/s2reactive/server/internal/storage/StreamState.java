package dev.s2reactive.server.internal.storage;

import dev.s2reactive.core.model.StreamPosition;
import java.util.Objects;

/**
 * What a stream keeps beside its records, written atomically with every append.
 *
 * @param tail next seq_num to assign and the last record's timestamp
 * @param fencingToken the current fencing token; {@code ""} when fencing is off
 * @param trimPoint records with a seq_num below this are trimmed (logically at once, physically
 *     in the background)
 */
public record StreamState(StreamPosition tail, String fencingToken, long trimPoint) {

  /** A stream nothing was ever appended to. */
  public static final StreamState EMPTY = new StreamState(StreamPosition.ZERO, "", 0);

  public StreamState {
    Objects.requireNonNull(tail, "tail");
    Objects.requireNonNull(fencingToken, "fencingToken");
  }
}

package dev.s2reactive.server.internal.storage;

import dev.s2reactive.core.model.SequencedRecord;
import java.util.List;
import java.util.Objects;

/**
 * Records returned by one storage read, and why the read stopped.
 *
 * @param records records in seq_num order, contiguous except where a trim removed some
 * @param stop the bound that ended the read
 */
public record ReadResult(List<SequencedRecord> records, Stop stop) {

  /** Why a read stopped. */
  public enum Stop {
    /** {@code maxCount} records were returned (checked first: even when no record follows). */
    COUNT,
    /** The next record would have exceeded {@code maxBytes}. */
    BYTES,
    /** The next record's timestamp is at or after {@code untilTimestamp}. */
    UNTIL,
    /** No stored record remains before {@code endSeqNum}. */
    END
  }

  public ReadResult {
    records = List.copyOf(records);
    Objects.requireNonNull(stop, "stop");
  }
}

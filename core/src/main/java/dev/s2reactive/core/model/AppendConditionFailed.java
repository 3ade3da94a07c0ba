package dev.s2reactive.core.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The 412 body of a failed append condition: either the stream's current fencing token or its next
 * seq_num. Exactly one field is present. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param fencingTokenMismatch the current fencing token, when the fencing condition failed
 * @param seqNumMismatch the next seq_num (unsigned), when the {@code match_seq_num} condition failed
 */
public record AppendConditionFailed(
    Optional<String> fencingTokenMismatch, OptionalLong seqNumMismatch) {

  public AppendConditionFailed {
    Objects.requireNonNull(fencingTokenMismatch, "fencingTokenMismatch");
    Objects.requireNonNull(seqNumMismatch, "seqNumMismatch");
    if (fencingTokenMismatch.isPresent() == seqNumMismatch.isPresent()) {
      throw new IllegalArgumentException("exactly one of the two mismatches must be present");
    }
  }

  public static AppendConditionFailed fencingTokenMismatch(String currentToken) {
    return new AppendConditionFailed(Optional.of(currentToken), OptionalLong.empty());
  }

  public static AppendConditionFailed seqNumMismatch(long nextSeqNum) {
    return new AppendConditionFailed(Optional.empty(), OptionalLong.of(nextSeqNum));
  }
}

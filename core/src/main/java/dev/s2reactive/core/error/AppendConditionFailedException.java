package dev.s2reactive.core.error;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * HTTP 412: an append's condition did not hold, so nothing was appended. Exactly one of {@link
 * #currentFencingToken()} and {@link #nextSeqNum()} is present.
 *
 * <p>Immutable and safe to pass between threads; it does no I/O, so backpressure does not apply.
 */
public final class AppendConditionFailedException extends S2NonTransientException {

  /** Wire code used for this error; the 412 body itself carries no code. */
  public static final String CODE = "append_condition_failed";

  private final String currentFencingToken;
  private final long nextSeqNum;

  private AppendConditionFailedException(String message, String currentFencingToken, long next) {
    super(412, CODE, message, null);
    this.currentFencingToken = currentFencingToken;
    this.nextSeqNum = next;
  }

  /** The stream's fencing token differs from the one the append carried. */
  public static AppendConditionFailedException fencingTokenMismatch(String currentToken) {
    return new AppendConditionFailedException(
        "fencing token mismatch: the stream's token is \"" + currentToken + "\"", currentToken, -1);
  }

  /** The stream's next seq_num differs from the append's {@code match_seq_num}. */
  public static AppendConditionFailedException seqNumMismatch(long nextSeqNum) {
    return new AppendConditionFailedException(
        "seq_num mismatch: the stream's next seq_num is " + Long.toUnsignedString(nextSeqNum),
        null,
        nextSeqNum);
  }

  /** The stream's current fencing token, when the fencing condition failed. */
  public Optional<String> currentFencingToken() {
    return Optional.ofNullable(currentFencingToken);
  }

  /** The stream's next seq_num, when the {@code match_seq_num} condition failed. */
  public OptionalLong nextSeqNum() {
    return currentFencingToken == null ? OptionalLong.of(nextSeqNum) : OptionalLong.empty();
  }
}

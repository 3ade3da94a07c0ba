package dev.s2reactive.core;

import dev.s2reactive.core.error.S2Exception;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * Which failed appends an append sink may send again. A retry happens only when the failure is
 * also retryable by the {@link RetryPolicy}; this policy adds the question "could the first attempt
 * already have been written?".
 *
 * <p>Immutable and thread-safe; a value that does no I/O, so backpressure does not apply.
 */
public enum AppendRetryPolicy {
  /**
   * Retry every retryable failure, even one after which the batch may already be durable. Without
   * {@code match_seq_num} chaining this can duplicate records; with chaining a duplicate is refused
   * by the server (412) instead. The default, as in the official SDKs.
   */
  ALL,
  /**
   * Retry only failures that guarantee the batch was not applied: error codes that promise no side
   * effects (protocol §10) and connections that were never established. Never duplicates.
   */
  NO_SIDE_EFFECTS;

  /**
   * True when this policy allows resending a batch that failed with {@code error}. Does not check
   * whether the error is retryable at all; see {@link RetryPolicy#isRetryable(Throwable)}.
   */
  public boolean permitsRetryAfter(Throwable error) {
    if (this == ALL) {
      return true;
    }
    // bounded: a cause chain may be cyclic
    int depth = 0;
    for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof S2Exception s2) {
        return !s2.mayHaveBeenApplied();
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return true; // the request never left this process
      }
    }
    return false;
  }
}

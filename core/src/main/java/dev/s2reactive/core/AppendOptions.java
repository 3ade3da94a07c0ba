package dev.s2reactive.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How an append sink batches, pipelines, conditions and retries appends. Immutable and
 * thread-safe; every {@code withX} method returns a new value and checks its input.
 *
 * <p>Defaults ({@link #defaults()}): linger {@link #DEFAULT_LINGER}, at most {@value
 * #DEFAULT_MAX_BATCH_RECORDS} records and {@value #DEFAULT_MAX_BATCH_BYTES} metered bytes per
 * batch, at most {@value #DEFAULT_MAX_IN_FLIGHT_BYTES} metered bytes accepted but not yet
 * acknowledged (the sink requests more records from upstream only as acknowledgements free this
 * budget), no fencing token, no {@code match_seq_num}, {@link AppendRetryPolicy#ALL}, the client's
 * retry policy.
 *
 * <p><b>Backpressure.</b> {@code maxInFlightBytes} is the sink's backpressure: a producer faster
 * than the server is slowed to the pace of acknowledgements, and the sink holds at most about that
 * many metered bytes (one record more when a single record exceeds it).
 *
 * <pre>{@code
 * AppendOptions.defaults()
 *     .withLinger(Duration.ofMillis(2))
 *     .withFencingToken("writer-1")
 *     .withMatchSeqNum(tail.seqNum())   // each batch must land exactly after the previous one
 *     .withAppendRetryPolicy(AppendRetryPolicy.NO_SIDE_EFFECTS);
 * }</pre>
 *
 * @param linger how long a batch that is not full waits for more records; zero sends at once
 * @param maxBatchRecords records per batch, 1 to {@value #MAX_BATCH_RECORDS}
 * @param maxBatchBytes metered bytes per batch, 1 to {@value #MAX_BATCH_BYTES}; a single record
 *     above it (but within the protocol's 1 MiB) is sent alone
 * @param maxInFlightBytes metered bytes accepted from upstream and not yet acknowledged; at least
 *     {@code maxBatchBytes}
 * @param fencingToken sent with every batch: appends fail unless it is the stream's token
 * @param matchSeqNumChaining whether each batch carries {@code match_seq_num} = the end of the
 *     previous acknowledgement, so that no batch is applied twice or out of place
 * @param initialMatchSeqNum {@code match_seq_num} of the first batch when chaining; empty lets the
 *     first batch land anywhere and chains from its acknowledgement
 * @param appendRetryPolicy which failed batches may be resent
 * @param retryPolicy attempts and backoff; empty for the client's
 */
public record AppendOptions(
    Duration linger,
    int maxBatchRecords,
    long maxBatchBytes,
    long maxInFlightBytes,
    Optional<String> fencingToken,
    boolean matchSeqNumChaining,
    OptionalLong initialMatchSeqNum,
    AppendRetryPolicy appendRetryPolicy,
    Optional<RetryPolicy> retryPolicy) {

  /** Protocol maximum of records per batch (protocol §5.3). */
  public static final int MAX_BATCH_RECORDS = 1000;
  /** Protocol maximum of metered bytes per batch and per record: 1 MiB (protocol §5.3). */
  public static final long MAX_BATCH_BYTES = 1024 * 1024;
  /** Protocol maximum of a fencing token, in UTF-8 bytes. */
  public static final int MAX_FENCING_TOKEN_BYTES = 36;

  public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
  public static final int DEFAULT_MAX_BATCH_RECORDS = 1000;
  public static final long DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;
  public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 5 * 1024 * 1024;
  public static final AppendRetryPolicy DEFAULT_APPEND_RETRY_POLICY = AppendRetryPolicy.ALL;

  private static final AppendOptions DEFAULTS =
      new AppendOptions(
          DEFAULT_LINGER,
          DEFAULT_MAX_BATCH_RECORDS,
          DEFAULT_MAX_BATCH_BYTES,
          DEFAULT_MAX_IN_FLIGHT_BYTES,
          Optional.empty(),
          false,
          OptionalLong.empty(),
          DEFAULT_APPEND_RETRY_POLICY,
          Optional.empty());

  public AppendOptions {
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(fencingToken, "fencingToken");
    Objects.requireNonNull(initialMatchSeqNum, "initialMatchSeqNum");
    Objects.requireNonNull(appendRetryPolicy, "appendRetryPolicy");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    if (linger.isNegative()) {
      throw new IllegalArgumentException("linger must not be negative, was " + linger);
    }
    if (maxBatchRecords < 1 || maxBatchRecords > MAX_BATCH_RECORDS) {
      throw new IllegalArgumentException(
          "maxBatchRecords must be between 1 and "
              + MAX_BATCH_RECORDS
              + ", was "
              + maxBatchRecords);
    }
    if (maxBatchBytes < 1 || maxBatchBytes > MAX_BATCH_BYTES) {
      throw new IllegalArgumentException(
          "maxBatchBytes must be between 1 and " + MAX_BATCH_BYTES + ", was " + maxBatchBytes);
    }
    if (maxInFlightBytes < maxBatchBytes) {
      throw new IllegalArgumentException(
          "maxInFlightBytes ("
              + maxInFlightBytes
              + ") must be at least maxBatchBytes ("
              + maxBatchBytes
              + ")");
    }
    fencingToken.ifPresent(
        token -> {
          int size = token.getBytes(StandardCharsets.UTF_8).length;
          if (size > MAX_FENCING_TOKEN_BYTES) {
            throw new IllegalArgumentException(
                "fencing token must be at most "
                    + MAX_FENCING_TOKEN_BYTES
                    + " UTF-8 bytes, was "
                    + size);
          }
        });
    if (initialMatchSeqNum.isPresent() && !matchSeqNumChaining) {
      throw new IllegalArgumentException("initialMatchSeqNum requires matchSeqNumChaining");
    }
  }

  /** The documented defaults. */
  public static AppendOptions defaults() {
    return DEFAULTS;
  }

  public AppendOptions withLinger(Duration linger) {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        fencingToken,
        matchSeqNumChaining,
        initialMatchSeqNum,
        appendRetryPolicy,
        retryPolicy);
  }

  public AppendOptions withMaxBatchRecords(int maxBatchRecords) {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        fencingToken,
        matchSeqNumChaining,
        initialMatchSeqNum,
        appendRetryPolicy,
        retryPolicy);
  }

  public AppendOptions withMaxBatchBytes(long maxBatchBytes) {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        fencingToken,
        matchSeqNumChaining,
        initialMatchSeqNum,
        appendRetryPolicy,
        retryPolicy);
  }

  public AppendOptions withMaxInFlightBytes(long maxInFlightBytes) {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        fencingToken,
        matchSeqNumChaining,
        initialMatchSeqNum,
        appendRetryPolicy,
        retryPolicy);
  }

  /** Every batch carries this fencing token. */
  public AppendOptions withFencingToken(String token) {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        Optional.of(token),
        matchSeqNumChaining,
        initialMatchSeqNum,
        appendRetryPolicy,
        retryPolicy);
  }

  public AppendOptions withoutFencingToken() {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        Optional.empty(),
        matchSeqNumChaining,
        initialMatchSeqNum,
        appendRetryPolicy,
        retryPolicy);
  }

  /**
   * Turns {@code match_seq_num} chaining on or off. Off also forgets the initial value; on without
   * an initial value chains from the first acknowledgement.
   */
  public AppendOptions withMatchSeqNumChaining(boolean chaining) {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        fencingToken,
        chaining,
        chaining ? initialMatchSeqNum : OptionalLong.empty(),
        appendRetryPolicy,
        retryPolicy);
  }

  /** Chains {@code match_seq_num}; the first batch expects the stream's next seq_num to be this. */
  public AppendOptions withMatchSeqNum(long initialSeqNum) {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        fencingToken,
        true,
        OptionalLong.of(initialSeqNum),
        appendRetryPolicy,
        retryPolicy);
  }

  public AppendOptions withAppendRetryPolicy(AppendRetryPolicy policy) {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        fencingToken,
        matchSeqNumChaining,
        initialMatchSeqNum,
        policy,
        retryPolicy);
  }

  public AppendOptions withRetryPolicy(RetryPolicy policy) {
    return new AppendOptions(
        linger,
        maxBatchRecords,
        maxBatchBytes,
        maxInFlightBytes,
        fencingToken,
        matchSeqNumChaining,
        initialMatchSeqNum,
        appendRetryPolicy,
        Optional.of(policy));
  }
}

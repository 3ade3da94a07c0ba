package dev.s2reactive.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to read from a stream: where to start, when to stop, and how to behave at the tail.
 * Immutable and thread-safe; every {@code withX} method returns a new value and checks its input.
 *
 * <pre>{@code
 * ReadSpec.from(StartAt.tailOffset(100))                       // last 100 records, then follow
 * ReadSpec.from(StartAt.timestamp(t0)).withUntil(t1)           // bounded replay
 * ReadSpec.from(StartAt.seqNum(0)).stopAtTail()                // everything so far, then complete
 * ReadSpec.from(StartAt.seqNum(0)).withCount(10).follow()      // 10 records, waiting if needed
 * }</pre>
 *
 * <p><b>Limits.</b> {@code count} and {@code bytes} (metered, protocol §5.2) are totals for the
 * whole read, kept across reconnections; {@code 0} means nothing is delivered. {@code until} is an
 * exclusive timestamp bound: the read ends at the first record with a timestamp at or after it.
 *
 * <p><b>Waiting at the tail</b> (protocol §7.4). The {@code wait} parameter distinguishes three
 * cases:
 *
 * <ul>
 *   <li>absent (the default): an unbounded read (no count, bytes or until) catches up and then
 *       follows live forever; a bounded read ends when it reaches the tail;
 *   <li>{@link #stopAtTail() zero}: the read ends as soon as it has caught up with the tail;
 *   <li>{@link #withWait(Duration) W > 0}: the read follows live and ends once W passes without a
 *       new batch (or when a limit is reached). {@link #follow()} uses the largest wait.
 * </ul>
 *
 * <p>The heartbeat timeout and retry policy default to those of the client options.
 *
 * <p>A value that does no I/O. Limits bound what the read delivers in total; they do not replace
 * backpressure, which comes from the subscriber's demand ({@link ReadSession}).
 *
 * @param start where the read starts
 * @param count record limit, empty for none
 * @param bytes metered-bytes limit, empty for none
 * @param until exclusive timestamp bound (unsigned), empty for none
 * @param waitTime the {@code wait} parameter: how long to follow without new records; sent in
 *     whole seconds, rounded up
 * @param heartbeatTimeout silence after which the session is reopened; empty for the client's
 * @param retryPolicy retries after failures; empty for the client's
 */
public record ReadSpec(
    StartAt start,
    OptionalLong count,
    OptionalLong bytes,
    OptionalLong until,
    Optional<Duration> waitTime,
    Optional<Duration> heartbeatTimeout,
    Optional<RetryPolicy> retryPolicy) {

  /** The largest wait the protocol carries ({@code u32} seconds). */
  public static final Duration MAX_WAIT = Duration.ofSeconds(0xFFFF_FFFFL);

  public ReadSpec {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(waitTime, "waitTime");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    requireNonNegative(count, "count");
    requireNonNegative(bytes, "bytes");
    waitTime.ifPresent(
        w -> {
          if (w.isNegative() || w.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException(
                "wait must be between 0 and " + MAX_WAIT.getSeconds() + " s, was " + w);
          }
        });
    heartbeatTimeout.ifPresent(
        t -> {
          if (t.isZero() || t.isNegative()) {
            throw new IllegalArgumentException("heartbeatTimeout must be positive, was " + t);
          }
        });
    if (start.kind() == StartAt.Kind.TIMESTAMP
        && until.isPresent()
        && Long.compareUnsigned(until.getAsLong(), start.value()) <= 0) {
      throw new IllegalArgumentException(
          "until ("
              + Long.toUnsignedString(until.getAsLong())
              + ") must be after the start timestamp ("
              + Long.toUnsignedString(start.value())
              + ")");
    }
  }

  /** A read from {@code start} with no limits, the default wait and the client's defaults. */
  public static ReadSpec from(StartAt start) {
    return new ReadSpec(
        start,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public ReadSpec withStart(StartAt start) {
    return new ReadSpec(start, count, bytes, until, waitTime, heartbeatTimeout, retryPolicy);
  }

  /** At most {@code count} records in total. */
  public ReadSpec withCount(long count) {
    return new ReadSpec(
        start, OptionalLong.of(count), bytes, until, waitTime, heartbeatTimeout, retryPolicy);
  }

  /** At most {@code bytes} metered bytes in total. */
  public ReadSpec withBytes(long bytes) {
    return new ReadSpec(
        start, count, OptionalLong.of(bytes), until, waitTime, heartbeatTimeout, retryPolicy);
  }

  /** Only records with a timestamp before {@code until} (unsigned, exclusive). */
  public ReadSpec withUntil(long until) {
    return new ReadSpec(
        start, count, bytes, OptionalLong.of(until), waitTime, heartbeatTimeout, retryPolicy);
  }

  /** Removes the count, bytes and until limits. */
  public ReadSpec withoutLimits() {
    return new ReadSpec(
        start,
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        waitTime,
        heartbeatTimeout,
        retryPolicy);
  }

  /** After catching up, follow live and end once {@code wait} passes without new records. */
  public ReadSpec withWait(Duration wait) {
    return new ReadSpec(
        start, count, bytes, until, Optional.of(wait), heartbeatTimeout, retryPolicy);
  }

  /** The server's default wait: unbounded reads follow forever, bounded ones stop at the tail. */
  public ReadSpec withoutWait() {
    return new ReadSpec(
        start, count, bytes, until, Optional.empty(), heartbeatTimeout, retryPolicy);
  }

  /** End as soon as the read has caught up with the tail ({@code wait=0}). */
  public ReadSpec stopAtTail() {
    return withWait(Duration.ZERO);
  }

  /** Follow live after catching up until a limit is reached ({@link #MAX_WAIT}). */
  public ReadSpec follow() {
    return withWait(MAX_WAIT);
  }

  public ReadSpec withHeartbeatTimeout(Duration timeout) {
    return new ReadSpec(start, count, bytes, until, waitTime, Optional.of(timeout), retryPolicy);
  }

  public ReadSpec withRetryPolicy(RetryPolicy policy) {
    return new ReadSpec(
        start, count, bytes, until, waitTime, heartbeatTimeout, Optional.of(policy));
  }

  /** True when count, bytes or until is set. */
  public boolean isBounded() {
    return count.isPresent() || bytes.isPresent() || until.isPresent();
  }

  /**
   * True when the read may wait at the tail for new records rather than end there (protocol §7.2:
   * no limits and no wait, or a wait above zero).
   */
  public boolean mayFollow() {
    return waitTime.map(w -> !w.isZero()).orElse(!isBounded());
  }

  /** The wait in whole seconds as sent on the wire: rounded up, so 1 ms still waits. */
  public static long waitSeconds(Duration wait) {
    long seconds = wait.getSeconds();
    return wait.getNano() > 0 ? seconds + 1 : seconds;
  }

  private static void requireNonNegative(OptionalLong value, String name) {
    if (value.isPresent() && value.getAsLong() < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value.getAsLong());
    }
  }
}

package dev.s2reactive.server.internal.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A read as the HTTP layer parsed it (protocol §7.1), already validated (mutually exclusive starts,
 * timestamp &lt; until). Unsigned values above {@link Long#MAX_VALUE} for {@code count} and {@code
 * bytes} mean "no practical limit". Immutable.
 *
 * @param start where to start
 * @param clamp start at the tail instead of failing when the start is beyond it
 * @param count total record limit for the session
 * @param bytes total metered-bytes limit for the session
 * @param until exclusive timestamp bound
 * @param waitTime the {@code wait} parameter; empty when it was not given
 */
public record ReadRequest(
    ReadStart start,
    boolean clamp,
    OptionalLong count,
    OptionalLong bytes,
    OptionalLong until,
    Optional<Duration> waitTime) {

  public ReadRequest {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(waitTime, "waitTime");
  }

  /** An unbounded read from {@code start} without clamp or wait. */
  public static ReadRequest from(ReadStart start) {
    return new ReadRequest(
        start, false, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
        Optional.empty());
  }

  public ReadRequest withClamp(boolean value) {
    return new ReadRequest(start, value, count, bytes, until, waitTime);
  }

  public ReadRequest withCount(long value) {
    return new ReadRequest(start, clamp, OptionalLong.of(value), bytes, until, waitTime);
  }

  public ReadRequest withBytes(long value) {
    return new ReadRequest(start, clamp, count, OptionalLong.of(value), until, waitTime);
  }

  public ReadRequest withUntil(long value) {
    return new ReadRequest(start, clamp, count, bytes, OptionalLong.of(value), waitTime);
  }

  public ReadRequest withWait(Duration value) {
    return new ReadRequest(start, clamp, count, bytes, until, Optional.of(value));
  }

  /** True when a count, bytes or until bound was given. */
  public boolean isBounded() {
    return count.isPresent() || bytes.isPresent() || until.isPresent();
  }

  /** The "may follow" rule of §7.2: unbounded, or a positive wait. */
  public boolean mayFollow() {
    return !isBounded() || waitTime.map(w -> !w.isZero()).orElse(false);
  }

  /** Whether a session follows live records once caught up (§7.4). */
  public boolean follows() {
    return waitTime.map(w -> !w.isZero()).orElse(!isBounded());
  }
}

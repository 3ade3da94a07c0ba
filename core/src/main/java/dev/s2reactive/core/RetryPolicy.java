package dev.s2reactive.core;

import dev.s2reactive.core.error.S2Exception;
import io.netty.handler.timeout.TimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * When and how long to wait before retrying a failed request. Immutable and thread-safe.
 *
 * <p>Defaults: {@value #DEFAULT_MAX_ATTEMPTS} attempts in total (the first one included),
 * exponential backoff from {@link #DEFAULT_MIN_BACKOFF} doubling up to {@link #DEFAULT_MAX_BACKOFF}
 * with {@link Jitter#FULL full jitter}. A server-supplied {@code retry-after-ms} value replaces the
 * computed delay.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).jitter(Jitter.EQUAL).build();
 * }</pre>
 *
 * <p>A value that does no I/O: backpressure does not apply. Backoff delays are waited on a timer,
 * never by blocking a thread.
 */
public final class RetryPolicy {

  /** Attempts in total, the first one included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Delay before the first retry, and the lower bound of every delay. */
  public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
  /** Upper bound of a computed delay. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);
  /** Jitter applied to the exponential delay. */
  public static final Jitter DEFAULT_JITTER = Jitter.FULL;

  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  /** How a delay is drawn from the exponential ceiling {@code c = min(max, min × 2^(retry-1))}. */
  public enum Jitter {
    /** Uniform in {@code [minBackoff, c]}. Spreads retries the most. */
    FULL,
    /** Uniform in {@code [max(minBackoff, c/2), c]}: never much shorter than the ceiling. */
    EQUAL,
    /** Exactly {@code c}. Deterministic; mostly for tests. */
    NONE
  }

  private final int maxAttempts;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Jitter jitter;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.minBackoff = b.minBackoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
  }

  /** The documented defaults. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** A policy that never retries (one attempt). */
  public static RetryPolicy none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this policy's values. */
  public Builder mutate() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .minBackoff(minBackoff)
        .maxBackoff(maxBackoff)
        .jitter(jitter);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration minBackoff() {
    return minBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  public Jitter jitter() {
    return jitter;
  }

  /** True when another attempt is allowed after {@code attemptsMade} attempts have failed. */
  public boolean canRetry(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }

  /**
   * True when a retry of the same request may succeed: an {@link S2Exception} that says so, or a
   * connection-level failure (an {@link IOException} such as a refused or reset connection, or a
   * timeout). TLS verification failures are not retryable. The cause chain is searched.
   */
  public boolean isRetryable(Throwable error) {
    // bounded: a cause chain may be cyclic
    int depth = 0;
    for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof S2Exception s2) {
        return s2.isRetryable();
      }
      if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException) {
        return false;
      }
      if (t instanceof IOException
          || t instanceof java.util.concurrent.TimeoutException
          || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** {@link #backoff(int, OptionalLong, RandomGenerator)} with a thread-local random. */
  public Duration backoff(int retry, OptionalLong retryAfterMillis) {
    return backoff(retry, retryAfterMillis, ThreadLocalRandom.current());
  }

  /**
   * The delay before retry number {@code retry} (1 for the first retry). When the server sent
   * {@code retry-after-ms} that value is used as is; otherwise the delay follows {@link #jitter()}
   * using {@code random.nextDouble()}. Deterministic for a given random.
   *
   * @throws IllegalArgumentException if {@code retry < 1}
   */
  public Duration backoff(int retry, OptionalLong retryAfterMillis, RandomGenerator random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1, was " + retry);
    }
    if (retryAfterMillis.isPresent()) {
      return Duration.ofMillis(Math.max(0, retryAfterMillis.getAsLong()));
    }
    long min = minBackoff.toNanos();
    long ceiling = ceilingNanos(retry);
    long low =
        switch (jitter) {
          case FULL -> min;
          case EQUAL -> Math.max(min, ceiling / 2);
          case NONE -> ceiling;
        };
    double u = random.nextDouble();
    long delay = low + (long) (u * (ceiling - low + 1));
    return Duration.ofNanos(Math.min(delay, ceiling));
  }

  private long ceilingNanos(int retry) {
    long min = minBackoff.toNanos();
    long max = maxBackoff.toNanos();
    int doublings = Math.min(retry - 1, 62);
    if (min > (max >> doublings)) {
      return max;
    }
    return Math.min(max, min << doublings);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicy p
        && maxAttempts == p.maxAttempts
        && minBackoff.equals(p.minBackoff)
        && maxBackoff.equals(p.maxBackoff)
        && jitter == p.jitter;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, minBackoff, maxBackoff, jitter);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", minBackoff="
        + minBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", jitter="
        + jitter
        + '}';
  }

  /** Builds a {@link RetryPolicy}; values are checked in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration minBackoff = DEFAULT_MIN_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Jitter jitter = DEFAULT_JITTER;

    private Builder() {}

    /** Attempts in total, the first one included; 1 disables retries. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder minBackoff(Duration minBackoff) {
      this.minBackoff = Objects.requireNonNull(minBackoff, "minBackoff");
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
      return this;
    }

    public Builder jitter(Jitter jitter) {
      this.jitter = Objects.requireNonNull(jitter, "jitter");
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code maxAttempts < 1}, a backoff is negative, or
     *     {@code minBackoff > maxBackoff}
     */
    public RetryPolicy build() {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
      }
      if (minBackoff.isNegative() || maxBackoff.isNegative()) {
        throw new IllegalArgumentException("backoff durations must not be negative");
      }
      if (minBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalArgumentException(
            "minBackoff (" + minBackoff + ") must not exceed maxBackoff (" + maxBackoff + ")");
      }
      return new RetryPolicy(this);
    }
  }
}

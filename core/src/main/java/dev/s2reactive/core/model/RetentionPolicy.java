package dev.s2reactive.core.model;

import java.util.OptionalLong;

/**
 * How long a stream keeps records: {@link #age(long) an age in seconds} or {@link #infinite()
 * forever}. Immutable and thread-safe.
 *
 * <p>On the wire {@code {"age": N}} or {@code {"infinite": {}}}. An age of 0 can be represented so
 * that it reaches validation, which rejects it (422).
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param ageSecs the maximum age in seconds (unsigned), or empty for infinite retention
 */
public record RetentionPolicy(OptionalLong ageSecs) {

  private static final RetentionPolicy INFINITE = new RetentionPolicy(OptionalLong.empty());

  /** The system default: 7 days. */
  public static final RetentionPolicy DEFAULT = age(604_800);

  public RetentionPolicy {
    if (ageSecs == null) {
      throw new NullPointerException("ageSecs");
    }
  }

  /** Keep records for {@code seconds} seconds. */
  public static RetentionPolicy age(long seconds) {
    return new RetentionPolicy(OptionalLong.of(seconds));
  }

  /** Keep records until they are trimmed or the stream is deleted. */
  public static RetentionPolicy infinite() {
    return INFINITE;
  }

  public boolean isInfinite() {
    return ageSecs.isEmpty();
  }
}

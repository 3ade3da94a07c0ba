package dev.s2reactive.core.model;

/**
 * Automatic deletion of a stream that has been empty for a while. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param minAgeSecs minimum age in seconds of an empty stream before it is deleted (unsigned);
 *     0 disables deletion
 */
public record DeleteOnEmpty(long minAgeSecs) {

  /** The system default: disabled. */
  public static final DeleteOnEmpty DISABLED = new DeleteOnEmpty(0);

  public static DeleteOnEmpty of(long minAgeSecs) {
    return minAgeSecs == 0 ? DISABLED : new DeleteOnEmpty(minAgeSecs);
  }
}

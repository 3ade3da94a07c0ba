package dev.s2reactive.server.internal.engine;

import java.util.Objects;

/**
 * What the engine needs of a stream's configuration. The catalog maps the public stream config
 * (fully resolved) onto it. Immutable.
 *
 * @param timestamping how record timestamps are chosen (protocol §6.3)
 * @param uncapped when false, timestamps later than the arrival time are lowered to it
 * @param retentionAgeSeconds records older than this are trimmed in the background; {@link
 *     #INFINITE_RETENTION} keeps them forever
 * @param deleteOnEmptyMinAgeSeconds 0 disables delete-on-empty; otherwise a stream empty for this
 *     long is deleted by the background sweep
 */
public record StreamSettings(
    Timestamping timestamping,
    boolean uncapped,
    long retentionAgeSeconds,
    long deleteOnEmptyMinAgeSeconds) {

  /** {@code retentionAgeSeconds} value for infinite retention. */
  public static final long INFINITE_RETENTION = 0;

  /** The system defaults: client-prefer, capped, 7 days, no delete-on-empty. */
  public static final StreamSettings DEFAULTS =
      new StreamSettings(Timestamping.CLIENT_PREFER, false, 604_800, 0);

  /** Timestamping modes of protocol §6.3. */
  public enum Timestamping {
    /** The client's timestamp when given, otherwise the arrival time. */
    CLIENT_PREFER,
    /** The client's timestamp; a record without one fails the batch with 422. */
    CLIENT_REQUIRE,
    /** Always the arrival time. */
    ARRIVAL
  }

  public StreamSettings {
    Objects.requireNonNull(timestamping, "timestamping");
    if (retentionAgeSeconds < 0 || deleteOnEmptyMinAgeSeconds < 0) {
      throw new IllegalArgumentException("negative age");
    }
  }

  public boolean hasRetentionAge() {
    return retentionAgeSeconds != INFINITE_RETENTION;
  }

  public StreamSettings withTimestamping(Timestamping mode, boolean uncapped) {
    return new StreamSettings(mode, uncapped, retentionAgeSeconds, deleteOnEmptyMinAgeSeconds);
  }

  public StreamSettings withRetentionAgeSeconds(long seconds) {
    return new StreamSettings(timestamping, uncapped, seconds, deleteOnEmptyMinAgeSeconds);
  }
}

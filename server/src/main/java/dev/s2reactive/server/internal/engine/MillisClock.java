package dev.s2reactive.server.internal.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Wall-clock milliseconds since the epoch; injectable so tests control record timestamps. */
@FunctionalInterface
public interface MillisClock {

  MillisClock SYSTEM = System::currentTimeMillis;

  long millis();

  /**
   * This clock as a {@link Clock} (UTC), so that components using {@code java.time} (the catalog's
   * {@code created_at}, {@code deleted_at}) agree with the engine's timestamps and retention.
   */
  default Clock toClock() {
    return new Adapter(this, ZoneOffset.UTC);
  }

  /** A {@link Clock} reading a {@link MillisClock}. */
  final class Adapter extends Clock {
    private final MillisClock source;
    private final ZoneId zone;

    private Adapter(MillisClock source, ZoneId zone) {
      this.source = source;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
      return new Adapter(source, newZone);
    }

    @Override
    public long millis() {
      return source.millis();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(source.millis());
    }
  }
}

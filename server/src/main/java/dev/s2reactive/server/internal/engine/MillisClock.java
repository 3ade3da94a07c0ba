package dev.s2reactive.server.internal.engine;

/** Wall-clock milliseconds since the epoch; injectable so tests control record timestamps. */
@FunctionalInterface
public interface MillisClock {

  MillisClock SYSTEM = System::currentTimeMillis;

  long millis();
}

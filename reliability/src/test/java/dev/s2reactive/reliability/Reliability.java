package dev.s2reactive.reliability;

/** Run lengths from system properties: short in the default build, long with -Preliability. */
final class Reliability {

  private Reliability() {}

  static int crashRounds() {
    return Integer.getInteger("reliability.crash.rounds", 3);
  }

  static int consistencyFaults() {
    return Integer.getInteger("reliability.consistency.faults", 2);
  }

  /**
   * Whether a stuck writer fails the crash test (long runs). A sink that never ends after a crash
   * is a known client bug (see the module README); short runs report it without failing.
   */
  static boolean strictLiveness() {
    return Boolean.getBoolean("reliability.strict.liveness");
  }

  static long seed() {
    return Long.getLong("reliability.seed", 20261127L);
  }
}

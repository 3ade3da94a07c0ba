package dev.s2reactive.reliability;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Crash faults: each injection kills {@code s2r lite} with SIGKILL, checks that the signal (not a
 * clean shutdown) ended it, and starts it again on the same data directory and port.
 */
public final class CrashFaults implements FaultInjector {

  private final LiteProcess server;
  private final AtomicLong injected = new AtomicLong();

  public CrashFaults(LiteProcess server) {
    this.server = Objects.requireNonNull(server, "server");
  }

  @Override
  public String describe() {
    return "SIGKILL + restart of s2r lite";
  }

  @Override
  public void inject(RandomGenerator random) {
    int status = server.kill();
    if (status != LiteProcess.SIGKILL_EXIT_STATUS) {
      throw new IllegalStateException(
          "s2r lite exited with status "
              + status
              + ", not by SIGKILL ("
              + LiteProcess.SIGKILL_EXIT_STATUS
              + ")");
    }
    injected.incrementAndGet();
    server.start();
  }

  @Override
  public long faultsInjected() {
    return injected.get();
  }
}

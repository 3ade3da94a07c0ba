package dev.s2reactive.reliability;

import java.net.URI;
import java.util.random.RandomGenerator;

/**
 * A kind of fault a reliability run injects while its workload runs: killing the server ({@link
 * CrashFaults}), nothing ({@link #none()}), or, through a TCP proxy between clients and server,
 * network faults. A proxy-based injector returns its own address from {@link
 * #clientEndpoint(URI)} so that clients connect through it.
 *
 * <p>Called from one controller thread at a time ({@link FaultSchedule}); implementations need not
 * be thread-safe beyond making {@link #faultsInjected()} readable from other threads.
 */
public interface FaultInjector extends AutoCloseable {

  /** A short description for reports, e.g. {@code "SIGKILL + restart"}. */
  String describe();

  /**
   * The endpoint clients should connect to for a server listening at {@code serverEndpoint}.
   * Called once, before clients are created. The default connects them directly.
   */
  default URI clientEndpoint(URI serverEndpoint) {
    return serverEndpoint;
  }

  /**
   * Injects one fault and returns once the system is expected to recover on its own (for a crash:
   * once the server has been restarted). Randomness comes only from {@code random}, so a seeded
   * run injects the same faults.
   */
  void inject(RandomGenerator random) throws Exception;

  /** Faults injected so far. */
  long faultsInjected();

  /** Releases what the injector holds (a proxy's sockets); the server itself is not stopped. */
  @Override
  default void close() {}

  /**
   * An injector that injects one of {@code injectors}, picked at random, each time: e.g. crashes
   * and network faults in one run. Client endpoints chain in order, so a proxy listed after the
   * crash injector sits in front of the server.
   */
  static FaultInjector anyOf(java.util.List<FaultInjector> injectors) {
    java.util.List<FaultInjector> all = java.util.List.copyOf(injectors);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no injectors");
    }
    return new FaultInjector() {
      @Override
      public String describe() {
        return all.stream()
            .map(FaultInjector::describe)
            .collect(java.util.stream.Collectors.joining(" or "));
      }

      @Override
      public URI clientEndpoint(URI serverEndpoint) {
        URI endpoint = serverEndpoint;
        for (FaultInjector injector : all) {
          endpoint = injector.clientEndpoint(endpoint);
        }
        return endpoint;
      }

      @Override
      public void inject(RandomGenerator random) throws Exception {
        all.get(random.nextInt(all.size())).inject(random);
      }

      @Override
      public long faultsInjected() {
        return all.stream().mapToLong(FaultInjector::faultsInjected).sum();
      }

      @Override
      public void close() {
        all.forEach(FaultInjector::close);
      }
    };
  }

  /** An injector that never injects anything. */
  static FaultInjector none() {
    return new FaultInjector() {
      @Override
      public String describe() {
        return "no faults";
      }

      @Override
      public void inject(RandomGenerator random) {}

      @Override
      public long faultsInjected() {
        return 0;
      }
    };
  }
}

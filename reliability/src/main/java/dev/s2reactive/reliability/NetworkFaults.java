package dev.s2reactive.reliability;

import dev.s2reactive.testkit.ChaosProxy;
import dev.s2reactive.testkit.ChaosProxy.Direction;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Network faults through a {@link ChaosProxy} in front of the server: each injection first heals
 * the previous fault, then cuts every connection, cuts one at random, stalls all for up to 1.5 s,
 * delays responses by up to 50 ms, or splits responses into chunks of a few bytes (the last two
 * stay on until the next injection). The proxy listens on its own port and forwards to the
 * server's, so it keeps working across server restarts on the same port.
 */
public final class NetworkFaults implements FaultInjector {

  private final AtomicLong injected = new AtomicLong();
  private ChaosProxy proxy;

  @Override
  public String describe() {
    return "network faults (cuts, stalls, delays, tiny chunks)";
  }

  @Override
  public URI clientEndpoint(URI serverEndpoint) {
    if (proxy != null) {
      throw new IllegalStateException("clientEndpoint is called once");
    }
    proxy = ChaosProxy.start(serverEndpoint.getPort());
    return URI.create(proxy.endpoint());
  }

  @Override
  public void inject(RandomGenerator random) {
    if (proxy == null) {
      throw new IllegalStateException("no clients connect through the proxy yet");
    }
    proxy.heal();
    switch (random.nextInt(5)) {
      case 0 -> proxy.cutAll();
      case 1 -> proxy.cutRandom();
      case 2 -> proxy.stallAll(Duration.ofMillis(100 + random.nextInt(1400)));
      case 3 -> proxy.delay(Direction.DOWNSTREAM, Duration.ofMillis(1 + random.nextInt(50)));
      default -> proxy.splitWrites(Direction.DOWNSTREAM, 1 + random.nextInt(16));
    }
    injected.incrementAndGet();
  }

  @Override
  public long faultsInjected() {
    return injected.get();
  }

  /** What the proxy did, for reports. */
  public String counters() {
    return proxy == null ? "no proxy" : proxy.counters().toString();
  }

  @Override
  public void close() {
    if (proxy != null) {
      proxy.close();
    }
  }
}

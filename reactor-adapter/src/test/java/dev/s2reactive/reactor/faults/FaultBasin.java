package dev.s2reactive.reactor.faults;

import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.reactor.ReactorS2Basin;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.server.S2Server;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault test's basin on the embedded server, reached directly (no proxy) to create streams,
 * write and check them.
 */
final class FaultBasin implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final S2Client direct;
  private final ReactorS2Basin basin;
  private final AtomicInteger streams = new AtomicInteger();

  FaultBasin(S2Server server, String name) {
    direct = FaultRecords.client(server.endpoint().toString(), TransportPreference.S2S);
    ReactorS2Client client = ReactorS2Client.from(direct);
    client.createBasin(CreateBasinRequest.of(name)).block(TIMEOUT);
    basin = client.basin(name);
  }

  /** A new empty stream "s/N", reached directly. */
  ReactorS2Stream newStream() {
    String name = "s/" + streams.incrementAndGet();
    basin.createStream(CreateStreamRequest.of(name)).block(TIMEOUT);
    return basin.stream(name);
  }

  /** {@code stream} reached through {@code client} (one behind a proxy, or on another transport). */
  ReactorS2Stream via(S2Client client, ReactorS2Stream stream) {
    return ReactorS2Client.from(client).stream(basin.name(), stream.name());
  }

  @Override
  public void close() {
    direct.close();
  }
}

package dev.s2reactive.reactor.tck;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.reactor.ReactorS2Basin;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.server.S2Server;
import java.time.Duration;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;

/**
 * An in-process server (auth on) with one basin, a client on {@code transport} holding the root
 * token, and a stream of
 * {@code records} records ("tck-records") plus an empty one ("tck-empty"), for TestNG TCK classes.
 */
final class TckServer implements AutoCloseable {

  static final String BASIN = "tck-basin-reactor";
  static final String RECORDS = "tck-records";
  static final String EMPTY = "tck-empty";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  final S2Server server;
  final S2Client client;

  TckServer(int records, TransportPreference transport) {
    server = S2Server.builder().start();
    String endpoint = server.endpoint().toString();
    client =
        S2Client.create(
            S2ClientOptions.builder()
                .endpoints(endpoint, endpoint)
                .accessToken(server.rootToken().orElseThrow())
                .transport(transport)
                .build());
    ReactorS2Client rx = ReactorS2Client.from(client);
    rx.createBasin(CreateBasinRequest.of(BASIN)).block(TIMEOUT);
    ReactorS2Basin basin = rx.basin(BASIN);
    basin.createStream(CreateStreamRequest.of(RECORDS)).block(TIMEOUT);
    basin.createStream(CreateStreamRequest.of(EMPTY)).block(TIMEOUT);
    ReactorS2Stream stream = basin.stream(RECORDS);
    for (int from = 0; from < records; from += 1000) {
      stream
          .append(
              AppendInput.of(
                  IntStream.range(from, Math.min(records, from + 1000))
                      .mapToObj(i -> AppendRecord.of("record-" + i))
                      .toList()))
          .block(TIMEOUT);
    }
    // warm the session path (connection, TLS-free h2c handshake, JIT) before the timed rules
    if (records > 0) {
      stream.read(ReadSpec.from(StartAt.seqNum(0)).withCount(1)).blockLast(TIMEOUT);
    }
    // and the error path of the failed publisher (a missing stream), timed by rule 1.4
    basin
        .stream("no-such-stream")
        .read(ReadSpec.from(StartAt.seqNum(0)))
        .onErrorResume(e -> Flux.empty())
        .blockLast(TIMEOUT);
  }

  ReactorS2Stream stream(String name) {
    return ReactorS2Client.from(client).stream(BASIN, name);
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}

package dev.s2reactive.rxjava3.tck;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.rxjava3.RxS2Basin;
import dev.s2reactive.rxjava3.RxS2Client;
import dev.s2reactive.rxjava3.RxS2Stream;
import dev.s2reactive.server.S2Server;
import io.reactivex.rxjava3.core.Single;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * An in-process server (auth on) with one basin, a client on {@code transport} holding the root
 * token, and a stream of
 * {@code records} records ("tck-records") plus an empty one ("tck-empty"), for TestNG TCK classes.
 */
final class TckServer implements AutoCloseable {

  static final String BASIN = "tck-basin-rxjava";
  static final String RECORDS = "tck-records";
  static final String EMPTY = "tck-empty";
  private static final long TIMEOUT_SECONDS = 20;

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
    RxS2Client rx = RxS2Client.from(client);
    await(rx.createBasin(CreateBasinRequest.of(BASIN)));
    RxS2Basin basin = rx.basin(BASIN);
    await(basin.createStream(CreateStreamRequest.of(RECORDS)));
    await(basin.createStream(CreateStreamRequest.of(EMPTY)));
    RxS2Stream stream = basin.stream(RECORDS);
    for (int from = 0; from < records; from += 1000) {
      await(
          stream.append(
              AppendInput.of(
                  IntStream.range(from, Math.min(records, from + 1000))
                      .mapToObj(i -> AppendRecord.of("record-" + i))
                      .toList())));
    }
    // warm the session path (connection, TLS-free h2c handshake, JIT) before the timed rules
    if (records > 0) {
      await(stream.read(ReadSpec.from(StartAt.seqNum(0)).withCount(1)).lastOrError());
    }
    // and the error path of the failed publisher (a missing stream), timed by rule 1.4
    stream("no-such-stream")
        .read(ReadSpec.from(StartAt.seqNum(0)))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .onErrorComplete()
        .blockingSubscribe();
  }

  private static <T> T await(Single<T> single) {
    return single.timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).blockingGet();
  }

  RxS2Stream stream(String name) {
    return RxS2Client.from(client).stream(BASIN, name);
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}

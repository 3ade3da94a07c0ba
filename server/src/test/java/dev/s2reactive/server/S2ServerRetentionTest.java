package dev.s2reactive.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.DeleteOnEmpty;
import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.server.internal.CatalogEngineBridge;
import dev.s2reactive.server.internal.catalog.AutoCreate;
import dev.s2reactive.server.internal.catalog.Catalog;
import dev.s2reactive.server.internal.engine.EngineOptions;
import dev.s2reactive.server.internal.engine.StreamEngine;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.StreamState;
import dev.s2reactive.server.internal.storage.rocksdb.RocksDbStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own background sweep, after a restart on the same data directory, trims and
 * deletes streams nobody has touched since: a fake clock moves time, the sweep runs every few
 * milliseconds, and the test polls with a deadline.
 */
class S2ServerRetentionTest {

  private static final String BASIN = "retention-basin";
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(T0);

  @Test
  void aRestartedServerTrimsAndDeletesStreamsNobodyOpened() throws Exception {
    long agedId;
    // First life (records routes are not served over HTTP yet, so it writes through the engine).
    try (RocksDbStorage storage = RocksDbStorage.open(dir)) {
      EngineOptions options =
          EngineOptions.defaults().withClock(now::get).withRetentionInterval(Duration.ZERO);
      StreamEngine engine = new StreamEngine(storage, options);
      CatalogEngineBridge bridge = new CatalogEngineBridge(engine);
      Catalog catalog =
          Catalog.load(storage, bridge, ForkJoinPool.commonPool(), options.clock().toClock());
      bridge.attach(catalog);
      catalog.createBasin(CreateBasinRequest.of(BASIN), Optional.empty()).block();
      for (String name : new String[] {"aged", "doomed"}) {
        StreamConfig config = StreamConfig.builder()
            .retentionPolicy(RetentionPolicy.age(60))
            .deleteOnEmpty(DeleteOnEmpty.of(name.equals("doomed") ? 1 : 0))
            .build();
        catalog.createStream(BASIN, CreateStreamRequest.of(name, config), Optional.empty())
            .block();
        bridge.resolve(BASIN, name, AutoCreate.NEVER).block()
            .append(AppendInput.of(AppendRecord.of("a"), AppendRecord.of("b")))
            .get(10, TimeUnit.SECONDS);
      }
      agedId = bridge.resolveEntry(BASIN, "aged", AutoCreate.NEVER).block().id();
      engine.close();
    }

    now.addAndGet(61_000);
    EngineOptions options = EngineOptions.defaults()
        .withClock(now::get)
        .withRetentionInterval(Duration.ofMillis(5));
    try (S2Server server =
        S2Server.builder().dataDirectory(dir).auth(false).engineOptions(options).start()) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest getDoomed = HttpRequest.newBuilder(
              URI.create(server.endpoint() + "/v1/streams/doomed"))
          .header("s2-basin", BASIN)
          .GET()
          .build();
      assertThat(http.send(getDoomed, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int status;
      // "doomed" expires (first pass), then is deleted once it has been empty for 1 s.
      while ((status = http.send(getDoomed, HttpResponse.BodyHandlers.ofString()).statusCode())
          == 200) {
        assertThat(System.nanoTime()).as("stream deleted by delete-on-empty").isLessThan(deadline);
        now.addAndGet(50);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
      assertThat(status).as("deletion pending, then gone").isIn(409, 404);
    }

    // Passes do not overlap, so the one that deleted "doomed" came after one that saw "aged".
    try (RocksDbStorage storage = RocksDbStorage.open(dir)) {
      StreamState state = storage.state(agedId).orElseThrow();
      assertThat(state.tail().seqNum()).isEqualTo(2);
      assertThat(state.trimPoint()).isEqualTo(2);
      assertThat(storage.read(agedId, 0, new ReadLimit(10, Long.MAX_VALUE, ReadLimit.NO_UNTIL, -1))
          .records()).isEmpty();
    }
  }
}

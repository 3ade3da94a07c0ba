package dev.s2reactive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.benchmarks.internal.BenchConfig;
import dev.s2reactive.benchmarks.internal.BenchReport;
import dev.s2reactive.benchmarks.internal.BenchRunner;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.reactor.ReactorS2Basin;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.server.S2Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-second bench run with tiny records against an embedded RocksDB server: asserts only
 * correctness (every reader saw every acknowledged record once, in order, with the chain).
 */
class BenchSmokeTest {

  @Test
  void everyReaderSeesEveryAcknowledgedRecordOnceInOrder(@TempDir Path dir) throws Exception {
    try (S2Server server = S2Server.builder().dataDirectory(dir).auth(false)
            .drainTimeout(Duration.ofSeconds(1)).start();
        S2Client s2 = S2Client.create(S2ClientOptions.builder()
            .endpoints(server.endpoint().toString(), server.endpoint().toString())
            .build())) {
      ReactorS2Client client = ReactorS2Client.from(s2);
      client.ensureBasin("bench-basin", EnsureBasinRequest.EMPTY).block(Duration.ofSeconds(10));
      ReactorS2Basin basin = client.basin("bench-basin");
      basin.createStream(CreateStreamRequest.of("smoke", BenchCommand.BENCH_STREAM))
          .block(Duration.ofSeconds(10));
      basin.createStream(CreateStreamRequest.of("idle")).block(Duration.ofSeconds(10));
      BenchConfig config = new BenchConfig(
          128, 0.125, Duration.ofSeconds(1), Duration.ZERO, 2, 2, Duration.ofMillis(1),
          Duration.ofSeconds(30));

      BenchReport report = new BenchRunner(basin.stream("smoke"), basin.stream("idle"), config)
          .run("smoke", Map.of());

      assertThat(report.violations()).isEmpty();
      assertThat(report.acknowledgedRecords()).isPositive();
      assertThat(report.write().records()).isEqualTo(report.acknowledgedRecords());
      assertThat(report.read().records()).isEqualTo(2 * report.acknowledgedRecords());
      assertThat(report.catchup().records()).isEqualTo(report.acknowledgedRecords());
      assertThat(report.verifiedReaders()).isEqualTo(3);
      assertThat(report.ackLatency().count()).isEqualTo(report.acknowledgedRecords());
      assertThat(report.endToEndLatency().count()).isEqualTo(2 * report.acknowledgedRecords());
      assertThat(report.idle().caughtUp()).isEqualTo(2);
      assertThat(report.toJson()).contains("\"verified\":true");
    }
  }
}

package dev.s2reactive.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.metrics.ClientMetrics;
import dev.s2reactive.core.internal.transport.HeartbeatTimeoutException;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.testkit.S2ServerExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The optional Micrometer client meters move as a small workload runs against the server. */
class ClientMetricsTest {

  @RegisterExtension
  static final S2ServerExtension S2 = S2ServerExtension.configured(b -> b.auth(false));

  private static final String BASIN = "client-metrics";
  private static final AtomicInteger STREAMS = new AtomicInteger();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static S2Client client(SimpleMeterRegistry registry, TransportPreference transport) {
    String endpoint = S2.server().endpoint().toString();
    return S2Client.create(S2ClientOptions.builder()
        .endpoints(endpoint, endpoint)
        .transport(transport)
        .meterRegistry(registry)
        .build());
  }

  private static ReactorS2Stream newStream(S2Client client) {
    ReactorS2Client s2 = ReactorS2Client.from(client);
    s2.createBasin(CreateBasinRequest.of(BASIN))
        .onErrorResume(e -> e instanceof S2Exception ex
            && ex.errorCode().orElse(null) == ErrorCode.RESOURCE_ALREADY_EXISTS,
            e -> reactor.core.publisher.Mono.empty())
        .block(TIMEOUT);
    String name = "s/" + STREAMS.incrementAndGet();
    s2.basin(BASIN).createStream(CreateStreamRequest.of(name)).block(TIMEOUT);
    return s2.stream(BASIN, name);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void acksInFlightAndEndToEndLatencyMove(TransportPreference transport) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (S2Client client = client(registry, transport)) {
      ReactorS2Stream stream = newStream(client);
      List<ReadBatch> received = new java.util.concurrent.CopyOnWriteArrayList<>();
      Disposable reading = stream.readBatches(StartAt.tail()).subscribe(received::add);
      try {
        // the heartbeat sent on going live: a batch without records, with the tail
        await(() -> received.stream().anyMatch(b -> b.records().isEmpty() && b.tail().isPresent()),
            "the reader to follow live");

        ReactorAppendSink sink = stream.newSink(AppendOptions.defaults());
        // acks first, as documented: an ack that comes before its subscriber is not kept
        java.util.concurrent.CompletableFuture<List<AppendAck>> acked =
            sink.acks().collectList().toFuture();
        Flux.range(0, 20).map(i -> AppendRecord.of("r" + i)).subscribe(sink);
        List<AppendAck> acks = Mono.fromFuture(acked).block(TIMEOUT);
        long ackedRecords = acks.stream().mapToLong(a -> a.end().seqNum() - a.start().seqNum()).sum();
        assertThat(ackedRecords).isEqualTo(20);
        await(() -> recordsIn(received, false) == 20, "the reader to get 20 records");

        assertThat(registry.get("s2.client.append.ack.latency").timer().count())
            .isEqualTo(acks.size());
        assertThat(registry.get("s2.client.append.inflight.batches").gauge().value()).isZero();
        assertThat(registry.get("s2.client.append.inflight").gauge().value()).isZero();
        // Each record that came live (in a batch with the tail; the server may serve a follower from
        // storage instead, without the tail, and did once in CI) has an end-to-end latency.
        assertThat(registry.get("s2.client.read.e2e.latency").timer().count())
            .isEqualTo(recordsIn(received, true));
        assertThat(registry.get("s2.client.read.e2e.latency").timer()
            .max(TimeUnit.MILLISECONDS)).isLessThan(TIMEOUT.toMillis());
        assertThat(registry.get("s2.client.read.reconnects").counter().count()).isZero();
        assertThat(registry.find("s2.client.retries").counters()).isEmpty();
      } finally {
        reading.dispose();
      }
    }
  }

  private static long recordsIn(List<ReadBatch> batches, boolean liveOnly) {
    return batches.stream()
        .filter(b -> !liveOnly || b.tail().isPresent())
        .mapToLong(b -> b.records().size())
        .sum();
  }

  @Test
  void silenceCountsHeartbeatTimeoutsReconnectsAndRetries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (S2Client client = client(registry, TransportPreference.S2S)) {
      ReactorS2Stream stream = newStream(client);
      // The server pings every 5-15 s; a 300 ms watchdog fires on an idle stream.
      ReadSpec spec = ReadSpec.from(StartAt.tail())
          .withHeartbeatTimeout(Duration.ofMillis(300))
          .withRetryPolicy(RetryPolicy.builder().maxAttempts(10)
              .minBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build());
      Disposable reading = stream.read(spec).subscribe(r -> {}, e -> {});
      try {
        await(() -> registry.get("s2.client.read.reconnects").counter().count() >= 2,
            "two reconnects");
      } finally {
        reading.dispose();
      }
      assertThat(registry.get("s2.client.read.heartbeat.timeouts").counter().count())
          .isGreaterThanOrEqualTo(2);
      Counter retries = registry.get("s2.client.retries")
          .tag("operation", "read").tag("cause", "heartbeat_timeout").counter();
      assertThat(retries.count()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void causesAreBoundedLabels() {
    assertThat(ClientMetrics.cause(new HeartbeatTimeoutException("silent")))
        .isEqualTo("heartbeat_timeout");
    assertThat(ClientMetrics.cause(S2Exception.of(ErrorCode.SERVER_DRAINING, "bye")))
        .isEqualTo("server_draining");
    assertThat(ClientMetrics.cause(S2Exception.of(599, "made_up", "?"))).isEqualTo("status_5xx");
    assertThat(ClientMetrics.cause(new IOException("reset"))).isEqualTo("connection");
    assertThat(ClientMetrics.cause(new TimeoutException())).isEqualTo("timeout");
    assertThat(ClientMetrics.cause(new IllegalStateException())).isEqualTo("other");
  }

  @Test
  void aRegistryMustBeAMicrometerRegistry() {
    assertThatThrownBy(() -> S2ClientOptions.builder().meterRegistry("not a registry"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MeterRegistry");
    assertThat(S2ClientOptions.builder().build().meterRegistry()).isEmpty();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    S2ClientOptions metered = S2ClientOptions.builder().meterRegistry(registry).build();
    assertThat(metered.meterRegistry()).containsSame(registry);
    assertThat(metered.mutate().noMeterRegistry().build().meterRegistry()).isEmpty();
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}

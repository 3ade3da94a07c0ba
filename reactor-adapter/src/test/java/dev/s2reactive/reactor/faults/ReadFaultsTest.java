package dev.s2reactive.reactor.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.server.internal.engine.EngineOptions;
import dev.s2reactive.testkit.ChaosProxy;
import dev.s2reactive.testkit.S2ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Readers behind a {@link ChaosProxy} that drops, stalls, delays and splits their connections at
 * random (seeded) still deliver the exact sequence: every record once, in order, byte for byte.
 * Catch-up reads and live followers, over s2s and SSE. Each test runs {@link FaultRecords#rounds()}
 * seeded rounds and prints the faults injected and records checked.
 */
class ReadFaultsTest {

  // heartbeats every 100 ms, so a short client heartbeat timeout only fires on real silence
  @RegisterExtension
  static final S2ServerExtension S2 =
      S2ServerExtension.configured(
          b ->
              b.auth(false)
                  .engineOptions(EngineOptions.defaults().withHeartbeatIntervalMillis(() -> 100)));

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static FaultBasin basin;

  @BeforeAll
  static void connect() {
    basin = new FaultBasin(S2.server(), "read-faults");
  }

  @AfterAll
  static void close() {
    basin.close();
  }

  private static void fill(ReactorS2Stream stream, int from, int to) {
    for (int start = from; start < to; start += 100) {
      List<AppendRecord> batch = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + 100); i++) {
        batch.add(FaultRecords.record("r" + i));
      }
      stream.append(AppendInput.of(batch)).block(TIMEOUT);
    }
  }

  /**
   * A proxy with a fault every 64–512 KiB: cuts, stalls of up to 700 ms (past the 500 ms heartbeat
   * timeout), delays and tiny chunks, and one cut for sure, mid-stream. A read only progresses when
   * a whole batch (up to 1000 records) gets through between two cuts, so cuts and stalls are rarer
   * than delays and chunks.
   */
  private static ChaosProxy faultyProxy(long seed) {
    ChaosProxy proxy = ChaosProxy.builder(S2.server().port()).seed(seed).start();
    proxy.randomFaults(
        ChaosProxy.RandomFaults.defaults()
            .withBytesBetween(64 * 1024, 512 * 1024)
            .withWeights(1, 1, 2, 2)
            .withMaxStall(Duration.ofMillis(700))
            .withMaxDelay(Duration.ofMillis(10)));
    proxy.cutAfter(ChaosProxy.Direction.DOWNSTREAM, 50_000 + new Random(~seed).nextInt(350_000));
    return proxy;
  }

  /** Checks that records arrive as r{first}, r{first+1}, ... with seq_num = index. */
  private static Function<Flux<SequencedRecord>, Flux<SequencedRecord>> exactly(long first) {
    AtomicLong next = new AtomicLong(first);
    return records ->
        records.doOnNext(
            r -> {
              long want = next.getAndIncrement();
              if (r.seqNum() != want || !FaultRecords.idOf(r).equals("r" + want)) {
                throw new AssertionError(
                    "expected r" + want + " at " + want + ", got seq " + r.seqNum());
              }
            });
  }

  private static void report(String test, TransportPreference transport, Totals totals) {
    System.out.printf(
        "[faults] %s %s: %d rounds, %d records checked, %d faults injected"
            + " (%d cuts, %d stalls, %d delays, %d splits, %d chunked writes), %d connections,"
            + " %d ms%n",
        test,
        transport,
        totals.rounds,
        totals.records,
        totals.faults,
        totals.cuts,
        totals.stalls,
        totals.delays,
        totals.splits,
        totals.chunkedWrites,
        totals.connections,
        (System.nanoTime() - totals.startNanos) / 1_000_000);
  }

  /** Sums over rounds. */
  private static final class Totals {
    final long startNanos = System.nanoTime();
    int rounds;
    long records;
    long faults;
    long cuts;
    long stalls;
    long delays;
    long splits;
    long chunkedWrites;
    long connections;

    void add(ChaosProxy.Counters c, long checked) {
      rounds++;
      records += checked;
      faults += c.faults();
      cuts += c.cuts();
      stalls += c.stalls();
      delays += c.delays();
      splits += c.splits();
      chunkedWrites += c.chunkedWrites();
      connections += c.accepted();
    }
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void catchUpReadsDeliverTheExactSequenceUnderRandomFaults(TransportPreference transport) {
    ReactorS2Stream stream = basin.newStream();
    int total = 4000; // ~1.4 MB: several faults per read
    fill(stream, 0, total);
    Totals totals = new Totals();
    for (int round = 0; round < FaultRecords.rounds(); round++) {
      long seed = FaultRecords.seed(round, transport);
      int start = new Random(seed).nextInt(total / 3);
      try (ChaosProxy proxy = faultyProxy(seed);
          S2Client client = FaultRecords.client(proxy.endpoint(), transport)) {
        ReactorS2Stream viaProxy = basin.via(client, stream);
        StepVerifier.create(
                viaProxy
                    .read(
                        ReadSpec.from(StartAt.seqNum(start))
                            .stopAtTail()
                            .withHeartbeatTimeout(Duration.ofMillis(500)))
                    .transform(exactly(start))
                    .count())
            .expectNext((long) total - start)
            .expectComplete()
            .verify(TIMEOUT);
        proxy.heal();
        ChaosProxy.Counters c = proxy.counters();
        assertThat(c.cuts()).as("cuts in round %d (seed %d)", round, seed).isPositive();
        totals.add(c, total - start);
      }
    }
    report("catch-up read", transport, totals);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void followersDeliverTheExactSequenceUnderRandomFaults(TransportPreference transport) {
    Totals totals = new Totals();
    for (int round = 0; round < FaultRecords.rounds(); round++) {
      long seed = FaultRecords.seed(round, transport);
      ReactorS2Stream stream = basin.newStream();
      int total = 2000;
      try (ChaosProxy proxy = faultyProxy(seed);
          S2Client client = FaultRecords.client(proxy.endpoint(), transport)) {
        ReactorS2Stream viaProxy = basin.via(client, stream);
        // the writer appends directly while the reader follows through the proxy
        StepVerifier.create(
                viaProxy
                    .read(
                        ReadSpec.from(StartAt.seqNum(0))
                            .withCount(total)
                            .follow()
                            .withHeartbeatTimeout(Duration.ofMillis(500)))
                    .transform(exactly(0))
                    .count())
            .then(
                () ->
                    Flux.range(0, total)
                        .map(i -> FaultRecords.record("r" + i))
                        .subscribe(stream.newSink(AppendOptions.defaults())))
            .expectNext((long) total)
            .expectComplete()
            .verify(TIMEOUT);
        proxy.heal();
        assertThat(proxy.counters().cuts()).as("cuts in round %d (seed %d)", round, seed).isPositive();
        totals.add(proxy.counters(), total);
      }
    }
    assertThat(totals.faults).as("faults injected").isPositive();
    report("live follow", transport, totals);
  }
}

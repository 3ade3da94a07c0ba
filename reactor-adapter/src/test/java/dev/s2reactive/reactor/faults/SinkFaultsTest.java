package dev.s2reactive.reactor.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.AppendRetryPolicy;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.reactor.ReactorAppendSink;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.testkit.ChaosProxy;
import dev.s2reactive.testkit.S2ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The append sink behind a {@link ChaosProxy} that cuts its connections while batches are in
 * flight (pipelined over one s2s session, or one unary request at a time over SSE):
 *
 * <ul>
 *   <li>{@link AppendRetryPolicy#NO_SIDE_EFFECTS} never resends a batch that may have been
 *       applied: it fails with {@code mayHaveBeenApplied()}, and the stream holds no record twice;
 *   <li>{@link AppendRetryPolicy#ALL} resends and may duplicate. What the client reports: the
 *       acknowledgements of one writer are normally contiguous; a duplicate (the first, applied
 *       attempt of a resent batch whose acknowledgement was lost) shows up as a gap between two
 *       consecutive acknowledgements. The test checks that every duplicate lies in such a gap and
 *       every record in a gap is a copy of a record acknowledged later;
 *   <li>{@link AppendRetryPolicy#ALL} with {@code match_seq_num} chaining never duplicates: the
 *       resent batch is refused with a typed 412 ({@link AppendConditionFailedException}) instead.
 * </ul>
 *
 * Bodies carry unique ids; every stream is read back and checked record by record.
 */
class SinkFaultsTest {

  @RegisterExtension
  static final S2ServerExtension S2 = S2ServerExtension.configured(b -> b.auth(false));

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static FaultBasin basin;

  @BeforeAll
  static void connect() {
    basin = new FaultBasin(S2.server(), "sink-faults");
  }

  @AfterAll
  static void close() {
    basin.close();
  }

  /** Small batches, several in flight, little linger: many batches straddle each cut. */
  private static AppendOptions pipelined(AppendRetryPolicy policy) {
    return AppendOptions.defaults()
        .withAppendRetryPolicy(policy)
        .withMaxBatchRecords(20)
        .withMaxBatchBytes(16 * 1024)
        .withMaxInFlightBytes(96 * 1024)
        .withLinger(Duration.ofMillis(1));
  }

  /**
   * Every 8th acknowledgement arms a cut a few hundred bytes later on the way back: a batch the
   * server has applied then loses its acknowledgement (random faults mostly cut requests).
   */
  private static java.util.function.Consumer<AppendAck> cutSomeAcks(ChaosProxy proxy, long seed) {
    Random random = new Random(seed);
    AtomicInteger seen = new AtomicInteger();
    return ack -> {
      if (seen.incrementAndGet() % 8 == 0) {
        proxy.cutAfter(ChaosProxy.Direction.DOWNSTREAM, 50 + random.nextInt(600));
      }
    };
  }

  /** What one sink did: its acknowledgements and how it ended. */
  private record Outcome(List<AppendAck> acks, Throwable error) {
    long ackedRecords() {
      return acks.stream().mapToLong(a -> a.end().seqNum() - a.start().seqNum()).sum();
    }
  }

  /** Feeds {@code ids} to a new sink and waits until its acknowledgements end. */
  private static Outcome run(ReactorS2Stream stream, AppendOptions options, List<String> ids) {
    return run(stream, options, ids, ack -> {});
  }

  private static Outcome run(
      ReactorS2Stream stream,
      AppendOptions options,
      List<String> ids,
      java.util.function.Consumer<AppendAck> onAck) {
    ReactorAppendSink sink = stream.newSink(options);
    List<AppendAck> acks = new ArrayList<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    Mono<Void> done =
        sink.acks()
            .doOnNext(acks::add)
            .doOnNext(onAck)
            .then()
            .onErrorResume(
                e -> {
                  error.set(e);
                  return Mono.empty();
                })
            .cache();
    done.subscribe();
    Flux.fromIterable(ids).map(FaultRecords::record).subscribe(sink);
    done.block(TIMEOUT);
    return new Outcome(List.copyOf(acks), error.get());
  }

  /** Checks the acks are ordered and each batch's records sit at the seq_nums it claims. */
  private static long checkAcked(Outcome outcome, List<String> ids, List<String> stream) {
    long offset = 0;
    long previousEnd = -1;
    for (AppendAck ack : outcome.acks()) {
      assertThat(ack.end().seqNum()).as("acks in order").isGreaterThan(previousEnd);
      previousEnd = ack.end().seqNum();
      for (long seq = ack.start().seqNum(); seq < ack.end().seqNum(); seq++) {
        assertThat(stream.get((int) seq))
            .as("acknowledged record at seq %d", seq)
            .isEqualTo(ids.get((int) offset++));
      }
    }
    return offset;
  }

  private static List<String> readAll(ReactorS2Stream stream) {
    return stream
        .read(ReadSpec.from(StartAt.seqNum(0)).stopAtTail())
        .map(FaultRecords::idOf)
        .collectList()
        .block(TIMEOUT);
  }

  private static List<String> ids(String prefix, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(prefix + "-" + i);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void noSideEffectsNeverDuplicates(TransportPreference transport) {
    ReactorS2Stream stream = basin.newStream();
    Map<String, List<String>> written = new HashMap<>();
    Map<String, Outcome> outcomes = new HashMap<>();
    long faults = 0;
    int writers = 3 * FaultRecords.rounds();
    for (int w = 0; w < writers; w++) {
      long seed = FaultRecords.seed(w, transport);
      List<String> ids = ids("w" + w, 400); // ~150 KB
      try (ChaosProxy proxy = ChaosProxy.builder(S2.server().port()).seed(seed).start();
          S2Client client = FaultRecords.client(proxy.endpoint(), transport)) {
        // cut while batches are in flight: after some requests, or after some acknowledgements
        Random random = new Random(seed);
        if (w % 2 == 0) {
          proxy.cutAfter(ChaosProxy.Direction.UPSTREAM, 8_000 + random.nextInt(90_000));
        } else {
          proxy.cutAfter(ChaosProxy.Direction.DOWNSTREAM, 300 + random.nextInt(3_000));
        }
        ReactorS2Stream viaProxy = basin.via(client, stream);
        Outcome outcome = run(viaProxy, pipelined(AppendRetryPolicy.NO_SIDE_EFFECTS), ids);
        written.put("w" + w, ids);
        outcomes.put("w" + w, outcome);
        faults += proxy.counters().faults();
      }
    }
    List<String> all = readAll(stream);
    assertThat(new HashSet<>(all)).as("no record appears twice").hasSize(all.size());
    long acked = 0;
    long unackedButDurable = 0;
    int failed = 0;
    for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
      List<String> ids = written.get(e.getKey());
      Outcome outcome = e.getValue();
      long n = checkAcked(outcome, ids, all);
      acked += n;
      // each writer's records appear in its order; the unacknowledged ones at most once
      List<String> mine = all.stream().filter(id -> id.startsWith(e.getKey() + "-")).toList();
      assertThat(mine).isEqualTo(ids.subList(0, mine.size()));
      unackedButDurable += mine.size() - n;
      if (outcome.error() != null) {
        failed++;
        assertThat(outcome.error()).isInstanceOf(S2Exception.class);
        assertThat(((S2Exception) outcome.error()).mayHaveBeenApplied())
            .as("a cut append may have been applied")
            .isTrue();
      }
    }
    assertThat(failed).as("writers whose connection was cut mid-append").isPositive();
    System.out.printf(
        "[faults] sink NO_SIDE_EFFECTS %s: %d writers, %d cut (failed with mayHaveBeenApplied),"
            + " %d records acked, %d unacknowledged but durable, 0 duplicates in %d records,"
            + " %d faults injected%n",
        transport, writers, failed, acked, unackedButDurable, all.size(), faults);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void allRetriesAndEveryDuplicateIsExplainedByAGapInTheAcks(TransportPreference transport) {
    long duplicates = 0;
    long gaps = 0;
    long checked = 0;
    long faults = 0;
    for (int round = 0; round < FaultRecords.rounds(); round++) {
      long seed = FaultRecords.seed(round, transport);
      ReactorS2Stream stream = basin.newStream();
      List<String> ids = ids("a" + round, 1500); // ~560 KB
      Outcome outcome;
      try (ChaosProxy proxy = ChaosProxy.builder(S2.server().port()).seed(seed).start();
          S2Client client = FaultRecords.client(proxy.endpoint(), transport)) {
        proxy.randomFaults(
            ChaosProxy.RandomFaults.defaults()
                .withBytesBetween(30_000, 120_000)
                .withWeights(4, 1, 1, 1)
                .withMaxStall(Duration.ofMillis(200)));
        ReactorS2Stream viaProxy = basin.via(client, stream);
        outcome = run(viaProxy, pipelined(AppendRetryPolicy.ALL), ids, cutSomeAcks(proxy, seed));
        proxy.heal();
        faults += proxy.counters().faults();
        assertThat(proxy.counters().cuts()).as("connections cut").isPositive();
      }
      assertThat(outcome.error()).as("ALL retries every cut").isNull();
      assertThat(outcome.ackedRecords()).isEqualTo(ids.size());
      List<String> all = readAll(stream);
      assertThat(checkAcked(outcome, ids, all)).isEqualTo(ids.size());
      // seq_nums no acknowledgement covers: the applied first attempts of resent batches
      Set<Long> covered = new HashSet<>();
      Map<String, Long> ackedAt = new HashMap<>();
      long previousEnd = 0;
      for (AppendAck ack : outcome.acks()) {
        if (ack.start().seqNum() != previousEnd) {
          gaps++;
        }
        previousEnd = ack.end().seqNum();
        for (long seq = ack.start().seqNum(); seq < ack.end().seqNum(); seq++) {
          covered.add(seq);
          ackedAt.put(all.get((int) seq), seq);
        }
      }
      for (int seq = 0; seq < all.size(); seq++) {
        if (!covered.contains((long) seq)) {
          duplicates++;
          assertThat(ackedAt.get(all.get(seq)))
              .as("record %s in an ack gap at %d is a copy of one acknowledged later", all.get(seq),
                  seq)
              .isNotNull()
              .isGreaterThan((long) seq);
        }
      }
      assertThat(all).hasSize(ids.size() + (int) (all.size() - covered.size()));
      checked += all.size();
    }
    System.out.printf(
        "[faults] sink ALL %s: %d rounds, %d records checked, %d duplicates, all inside %d gaps"
            + " between consecutive acks, %d faults injected%n",
        transport, FaultRecords.rounds(), checked, duplicates, gaps, faults);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void allWithMatchSeqNumChainingRefusesDuplicatesWithA412(TransportPreference transport) {
    int refused = 0;
    long checked = 0;
    long faults = 0;
    for (int round = 0; round < FaultRecords.rounds(); round++) {
      long seed = FaultRecords.seed(round, transport);
      ReactorS2Stream stream = basin.newStream();
      List<String> ids = ids("c" + round, 1500);
      Outcome outcome;
      try (ChaosProxy proxy = ChaosProxy.builder(S2.server().port()).seed(seed).start();
          S2Client client = FaultRecords.client(proxy.endpoint(), transport)) {
        proxy.randomFaults(
            ChaosProxy.RandomFaults.defaults()
                .withBytesBetween(30_000, 120_000)
                .withWeights(1, 0, 0, 0));
        ReactorS2Stream viaProxy = basin.via(client, stream);
        outcome =
            run(
                viaProxy,
                pipelined(AppendRetryPolicy.ALL).withMatchSeqNum(0),
                ids,
                cutSomeAcks(proxy, seed));
        proxy.heal();
        faults += proxy.counters().faults();
      }
      List<String> all = readAll(stream);
      // no duplicates, no gaps: the stream is a prefix of what was written
      assertThat(all).isEqualTo(ids.subList(0, all.size()));
      assertThat(checkAcked(outcome, ids, all)).isLessThanOrEqualTo(all.size());
      if (outcome.error() != null) {
        // a resent batch whose first attempt had landed: refused and reported, typed
        assertThat(outcome.error()).isInstanceOf(AppendConditionFailedException.class);
        assertThat(((AppendConditionFailedException) outcome.error()).nextSeqNum())
            .hasValue(all.size());
        refused++;
      } else {
        assertThat(all).hasSize(ids.size());
      }
      checked += all.size();
    }
    System.out.printf(
        "[faults] sink ALL+match_seq_num %s: %d rounds, %d records checked, 0 duplicates,"
            + " %d writers stopped by a 412 after a lost ack, %d faults injected%n",
        transport, FaultRecords.rounds(), checked, refused, faults);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void sendsAtMostTheInFlightBudgetWhileAcksAreHeldBack(TransportPreference transport) {
    ReactorS2Stream stream = basin.newStream();
    long budget = 32 * 1024;
    try (ChaosProxy proxy = ChaosProxy.start(S2.server().port());
        S2Client client = FaultRecords.client(proxy.endpoint(), transport)) {
      // until the first acknowledgement, every server-to-client byte arrives a second late
      proxy.delay(ChaosProxy.Direction.DOWNSTREAM, Duration.ofSeconds(1));
      ReactorS2Stream viaProxy = basin.via(client, stream);
      ReactorAppendSink sink =
          viaProxy.newSink(
              AppendOptions.defaults()
                  .withMaxBatchBytes(8 * 1024)
                  .withMaxInFlightBytes(budget)
                  .withLinger(Duration.ofMillis(1)));
      AtomicReference<Long> sentAtFirstAck = new AtomicReference<>();
      AtomicReference<Long> requestedAtFirstAck = new AtomicReference<>();
      java.util.concurrent.atomic.AtomicLong requested = new java.util.concurrent.atomic.AtomicLong();
      Mono<Void> done =
          sink.acks()
              .doOnNext(
                  ack -> {
                    if (sentAtFirstAck.get() == null) {
                      sentAtFirstAck.set(proxy.counters().bytesUpstream());
                      requestedAtFirstAck.set(requested.get());
                      proxy.delay(ChaosProxy.Direction.DOWNSTREAM, Duration.ZERO);
                    }
                  })
              .then()
              .cache();
      done.subscribe();
      Flux.range(0, 300)
          .map(i -> AppendRecord.of(new byte[1000]))
          .doOnRequest(n -> requested.addAndGet(n))
          .subscribe(sink);
      done.block(TIMEOUT);
      assertThat(stream.checkTail().block(TIMEOUT).seqNum()).isEqualTo(300);
      // 1008 metered bytes a record: the budget holds 32 records; 300 KB were ready to go.
      // On the wire a record costs a little more (framing, base64 JSON for unary appends) and the
      // first request carries connection set-up and headers.
      assertThat(requestedAtFirstAck.get()).isLessThanOrEqualTo(budget / 1008 + 1);
      assertThat(sentAtFirstAck.get()).isLessThanOrEqualTo(budget * 3 / 2 + 8 * 1024);
      System.out.printf(
          "[faults] sink budget %s: %d records requested and %d bytes sent before the first ack"
              + " (budget %d metered bytes)%n",
          transport, requestedAtFirstAck.get(), sentAtFirstAck.get(), budget);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void flushSendsTheLingeringBatchAndCompletesOnceItIsDurable(TransportPreference transport) {
    ReactorS2Stream stream = basin.newStream();
    try (ChaosProxy proxy = ChaosProxy.start(S2.server().port());
        S2Client client = FaultRecords.client(proxy.endpoint(), transport)) {
      // acknowledgements arrive late, and nothing would leave before a 30 s linger without flush
      proxy.delay(ChaosProxy.Direction.DOWNSTREAM, Duration.ofMillis(300));
      ReactorS2Stream viaProxy = basin.via(client, stream);
      ReactorAppendSink sink =
          viaProxy.newSink(AppendOptions.defaults().withLinger(Duration.ofSeconds(30)));
      List<AppendAck> acks = java.util.Collections.synchronizedList(new ArrayList<>());
      Mono<Void> done = sink.acks().doOnNext(acks::add).then().cache();
      done.subscribe();
      reactor.core.publisher.Sinks.Many<AppendRecord> upstream =
          reactor.core.publisher.Sinks.many().unicast().onBackpressureBuffer();
      upstream.asFlux().subscribe(sink);
      List<String> ids = ids("f", 50);
      ids.forEach(id -> upstream.tryEmitNext(FaultRecords.record(id)));
      reactor.test.StepVerifier.create(
              sink.flush()
                  .then(
                      Mono.defer(
                          () -> {
                            // durable when flush completes: acknowledged, and visible directly
                            long acked =
                                acks.stream()
                                    .mapToLong(a -> a.end().seqNum() - a.start().seqNum())
                                    .sum();
                            return stream.checkTail().map(t -> List.of(acked, t.seqNum()));
                          })))
          .expectNext(List.of(50L, 50L))
          .expectComplete()
          .verify(Duration.ofSeconds(10));
      upstream.tryEmitComplete();
      done.block(TIMEOUT);
      assertThat(readAll(stream)).isEqualTo(ids);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void flushFailsWithTheSinksTypedError(TransportPreference transport) {
    ReactorS2Stream stream = basin.newStream();
    stream.fence("owner", null).block(TIMEOUT);
    ReactorAppendSink sink =
        stream.newSink(
            AppendOptions.defaults()
                .withFencingToken("intruder")
                .withLinger(Duration.ofSeconds(30)));
    sink.acks().subscribe(ack -> {}, e -> {});
    reactor.core.publisher.Sinks.Many<AppendRecord> upstream =
        reactor.core.publisher.Sinks.many().unicast().onBackpressureBuffer();
    upstream.asFlux().subscribe(sink);
    upstream.tryEmitNext(FaultRecords.record("x"));
    reactor.test.StepVerifier.create(sink.flush())
        .expectErrorSatisfies(
            e ->
                assertThat(((AppendConditionFailedException) e).currentFencingToken())
                    .hasValue("owner"))
        .verify(TIMEOUT);
    // a flush after the failure fails at once with the same error
    reactor.test.StepVerifier.create(sink.flush())
        .expectError(AppendConditionFailedException.class)
        .verify(TIMEOUT);
  }
}

package dev.s2reactive.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.ReadSession;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.RangeNotSatisfiableException;
import dev.s2reactive.core.internal.client.PipelinedAppendSink;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.S2Server;
import dev.s2reactive.testkit.ChaosProxy;
import dev.s2reactive.testkit.S2ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Reads and appends through the Reactor adapter against the embedded server, on both transports.
 */
class RecordsTest {

  @RegisterExtension
  static final S2ServerExtension S2 = S2ServerExtension.configured(b -> b.auth(false));

  private static final String BASIN = "records-basin";
  private static final AtomicInteger STREAMS = new AtomicInteger();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static S2Client sse;
  private static S2Client s2s;

  @BeforeAll
  static void connect() {
    S2Server server = S2.server();
    String endpoint = server.endpoint().toString();
    S2ClientOptions base = S2ClientOptions.builder().endpoints(endpoint, endpoint).build();
    sse = S2Client.create(base.mutate().transport(TransportPreference.SSE).build());
    s2s = S2Client.create(base.mutate().transport(TransportPreference.S2S).build());
    ReactorS2Client.from(sse).createBasin(CreateBasinRequest.of(BASIN)).block(TIMEOUT);
  }

  @AfterAll
  static void close() {
    sse.close();
    s2s.close();
  }

  private static ReactorS2Stream newStream(TransportPreference transport) {
    String name = "s/" + STREAMS.incrementAndGet();
    ReactorS2Basin basin =
        ReactorS2Client.from(transport == TransportPreference.SSE ? sse : s2s).basin(BASIN);
    basin.createStream(CreateStreamRequest.of(name)).block(TIMEOUT);
    return basin.stream(name);
  }

  /** Appends {@code n} records "r{i}" with timestamps 1000+i in batches of 100. */
  private static void fill(ReactorS2Stream stream, int n) {
    for (int from = 0; from < n; from += 100) {
      List<AppendRecord> batch = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + 100); i++) {
        batch.add(AppendRecord.builder().body("r" + i).timestamp(1000 + i).build());
      }
      stream.append(AppendInput.of(batch)).block(TIMEOUT);
    }
  }

  private static List<Long> seqs(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  /** Reads {@code spec} to its end and checks that it delivered exactly seq_nums from..to-1. */
  private static void assertReads(ReactorS2Stream stream, ReadSpec spec, long from, long to) {
    StepVerifier.create(stream.read(spec).map(SequencedRecord::seqNum))
        .expectNextSequence(seqs(from, to))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void startKindsAndLimits(TransportPreference transport) {
    ReactorS2Stream stream = newStream(transport);
    fill(stream, 50);
    assertReads(stream, ReadSpec.from(StartAt.seqNum(0)).stopAtTail(), 0, 50);
    assertReads(stream, ReadSpec.from(StartAt.timestamp(1040)).stopAtTail(), 40, 50);
    assertReads(stream, ReadSpec.from(StartAt.tailOffset(5)).stopAtTail(), 45, 50);
    assertReads(stream, ReadSpec.from(StartAt.seqNum(10)).withCount(7), 10, 17);
    // "r10".."r19" meter 8 + 3 bytes each: 33 bytes is exactly three records
    assertReads(stream, ReadSpec.from(StartAt.seqNum(10)).withBytes(33), 10, 13);
    StepVerifier.create(
            stream.read(ReadSpec.from(StartAt.seqNum(0)).withUntil(1003)).map(r -> r.body().utf8()))
        .expectNext("r0", "r1", "r2")
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void startBeyondTheTailIs416UnlessClamped(TransportPreference transport) {
    ReactorS2Stream stream = newStream(transport);
    fill(stream, 5);
    StepVerifier.create(stream.read(ReadSpec.from(StartAt.seqNum(100))))
        .expectErrorSatisfies(
            e -> assertThat(((RangeNotSatisfiableException) e).tail().seqNum()).isEqualTo(5))
        .verify(TIMEOUT);
    StepVerifier.create(
            stream.read(
                ReadSpec.from(StartAt.seqNum(100).clamp(true)).withWait(Duration.ofSeconds(1))))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void followsLiveAndSignalsCaughtUp(TransportPreference transport) {
    ReactorS2Stream stream = newStream(transport);
    fill(stream, 3);
    ReadSession session = stream.readSession(ReadSpec.from(StartAt.seqNum(0)));
    StepVerifier.create(Flux.from(session).map(r -> r.body().utf8()))
        .expectNext("r0", "r1", "r2")
        .then(
            () -> {
              awaitCaughtUp(session);
              stream.append(AppendInput.of(AppendRecord.of("live"))).block(TIMEOUT);
            })
        .expectNext("live")
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(session.nextSeqNum()).isEqualTo(OptionalLong.of(4));
  }

  private static void awaitCaughtUp(ReadSession session) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!session.isCaughtUp()) {
      assertThat(System.nanoTime()).as("caught up in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void demandReachesTheSocket(TransportPreference transport) {
    ReactorS2Stream stream = newStream(transport);
    int total = 6000;
    List<AppendRecord> batch = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      batch.add(AppendRecord.of(new byte[1000]));
      if (batch.size() == 500) {
        stream.append(AppendInput.of(batch)).block(TIMEOUT);
        batch.clear();
      }
    }
    ReadSession session = stream.readSession(ReadSpec.from(StartAt.seqNum(0)).stopAtTail());
    AtomicInteger seen = new AtomicInteger();
    StepVerifier.create(Flux.from(session).doOnNext(r -> seen.incrementAndGet()), 0)
        .thenRequest(1)
        .expectNextCount(1)
        .thenRequest(1)
        .expectNextCount(1)
        // give an unbounded reader time to run ahead; a bounded one stays within ~2 batches
        .thenAwait(Duration.ofMillis(300))
        .then(
            () ->
                assertThat(session.nextSeqNum().orElse(0))
                    .as("records taken off the socket while only 2 were requested")
                    .isLessThanOrEqualTo(3 * 1000))
        .thenRequest(Long.MAX_VALUE)
        .expectNextCount(total - 2)
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(seen.get()).isEqualTo(total);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void sinkAcksInOrderAndFlushes(TransportPreference transport) {
    ReactorS2Stream stream = newStream(transport);
    ReactorAppendSink sink =
        stream.newSink(AppendOptions.defaults().withMaxBatchRecords(100).withMatchSeqNum(0));
    List<AppendAck> acks = new ArrayList<>();
    Mono<Void> done = sink.acks().doOnNext(acks::add).then().cache();
    done.subscribe();
    Sinks.Many<AppendRecord> upstream = Sinks.many().unicast().onBackpressureBuffer();
    upstream.asFlux().subscribe(sink);
    for (int i = 0; i < 1000; i++) {
      upstream.tryEmitNext(AppendRecord.of("r" + i));
    }
    // flush covers what the sink has taken so far; completing upstream then drains the rest
    StepVerifier.create(sink.flush()).expectComplete().verify(TIMEOUT);
    upstream.tryEmitComplete();
    StepVerifier.create(done).expectComplete().verify(TIMEOUT);
    assertThat(stream.checkTail().block(TIMEOUT).seqNum()).isEqualTo(1000);
    // in order and gap-free; the flush may have sealed one batch early
    long next = 0;
    for (AppendAck ack : acks) {
      assertThat(ack.start().seqNum()).isEqualTo(next);
      assertThat(ack.end().seqNum() - next).isBetween(1L, 100L);
      next = ack.end().seqNum();
    }
    assertThat(next).isEqualTo(1000);
    StepVerifier.create(
            stream.read(ReadSpec.from(StartAt.seqNum(0)).stopAtTail()).map(r -> r.body().utf8()))
        .expectNextSequence(IntStream.range(0, 1000).mapToObj(i -> "r" + i).toList())
        .expectComplete()
        .verify(TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void conditionFailuresAreTyped(TransportPreference transport) {
    ReactorS2Stream stream = newStream(transport);
    stream.fence("writer-1", null).block(TIMEOUT);
    ReactorAppendSink fenced =
        stream.newSink(AppendOptions.defaults().withFencingToken("intruder"));
    StepVerifier.create(fenced.acks())
        .then(() -> Flux.just(AppendRecord.of("x")).subscribe(fenced))
        .expectErrorSatisfies(
            e ->
                assertThat(((AppendConditionFailedException) e).currentFencingToken())
                    .hasValue("writer-1"))
        .verify(TIMEOUT);
    ReactorAppendSink chained =
        stream.newSink(AppendOptions.defaults().withFencingToken("writer-1").withMatchSeqNum(7));
    StepVerifier.create(chained.acks())
        .then(() -> Flux.just(AppendRecord.of("y")).subscribe(chained))
        .expectErrorSatisfies(
            e -> assertThat(((AppendConditionFailedException) e).nextSeqNum()).hasValue(1))
        .verify(TIMEOUT);
    // unary append with the right token works, trim is accepted
    assertThat(
            stream
                .append(
                    new AppendInput(
                        List.of(AppendRecord.of("z")),
                        OptionalLong.of(1),
                        java.util.Optional.of("writer-1")))
                .block(TIMEOUT)
                .end()
                .seqNum())
        .isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void sinkKeepsInFlightBytesWithinTheBudget(TransportPreference transport) {
    ReactorS2Stream stream = newStream(transport);
    long budget = 64 * 1024;
    ReactorAppendSink sink =
        stream.newSink(
            AppendOptions.defaults()
                .withMaxBatchBytes(16 * 1024)
                .withMaxInFlightBytes(budget)
                .withLinger(Duration.ofMillis(1)));
    AtomicLong requested = new AtomicLong();
    AtomicLong acked = new AtomicLong();
    AtomicLong worstAhead = new AtomicLong();
    Mono<Void> done =
        sink.acks()
            .doOnNext(ack -> acked.addAndGet(ack.end().seqNum() - ack.start().seqNum()))
            .then()
            .cache();
    done.subscribe();
    Flux.range(0, 2000)
        .map(i -> AppendRecord.of(new byte[1000]))
        .doOnRequest(
            n -> {
              long ahead = requested.addAndGet(n) - acked.get();
              worstAhead.accumulateAndGet(ahead, Math::max);
            })
        .subscribe(sink);
    StepVerifier.create(done).expectComplete().verify(TIMEOUT);
    assertThat(stream.checkTail().block(TIMEOUT).seqNum()).isEqualTo(2000);
    // 1008 metered bytes a record: the budget holds 65 records
    assertThat(worstAhead.get()).isLessThanOrEqualTo(budget / 1008 + 1);
    assertThat(((PipelinedAppendSink) sink.unwrap()).maxInFlightBytesSeen())
        .isLessThanOrEqualTo(budget);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void unaryOperations(TransportPreference transport) {
    ReactorS2Stream stream = newStream(transport);
    StepVerifier.create(stream.checkTail().map(t -> t.seqNum())).expectNext(0L).verifyComplete();
    fill(stream, 10);
    StepVerifier.create(stream.readOnce(ReadSpec.from(StartAt.seqNum(3)).withCount(4)))
        .assertNext(
            batch ->
                assertThat(batch.records())
                    .extracting(SequencedRecord::seqNum)
                    .containsExactly(3L, 4L, 5L, 6L))
        .verifyComplete();
    StepVerifier.create(stream.readOnce(ReadSpec.from(StartAt.tail())))
        .expectError(RangeNotSatisfiableException.class)
        .verify(TIMEOUT);
    StepVerifier.create(stream.trim(5).map(a -> a.end().seqNum())).expectNext(11L).verifyComplete();
    // a long poll at the tail returns the first record appended meanwhile
    StepVerifier.create(
            stream
                .readOnce(ReadSpec.from(StartAt.seqNum(11)).withWait(Duration.ofSeconds(10)))
                .map(b -> b.records().get(0).body().utf8()))
        .then(() -> stream.append(AppendInput.of(AppendRecord.of("late"))).subscribe())
        .expectNext("late")
        .verifyComplete();
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void resumesAcrossConnectionCutsWithoutGapsOrDuplicates(TransportPreference transport)
      throws Exception {
    ReactorS2Stream direct = newStream(transport);
    // 8 MB: far more than socket buffers hold, so the cuts land mid-stream
    for (int from = 0; from < 2000; from += 200) {
      List<AppendRecord> batch = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        batch.add(AppendRecord.of(new byte[4000]));
      }
      direct.append(AppendInput.of(batch)).block(TIMEOUT);
    }
    try (ChaosProxy proxy = ChaosProxy.start(S2.server().port());
        S2Client viaProxy =
            S2Client.create(
                S2ClientOptions.builder()
                    .endpoints(proxy.endpoint(), proxy.endpoint())
                    .transport(transport)
                    .retryPolicy(
                        dev.s2reactive.core.RetryPolicy.builder()
                            .minBackoff(Duration.ofMillis(5))
                            .maxBackoff(Duration.ofMillis(20))
                            .build())
                    .build())) {
      ReactorS2Stream stream = ReactorS2Client.from(viaProxy).stream(BASIN, direct.name());
      AtomicInteger seen = new AtomicInteger();
      StepVerifier.create(
              stream
                  .read(ReadSpec.from(StartAt.seqNum(0)).withCount(2000))
                  .doOnNext(
                      r -> {
                        int n = seen.incrementAndGet();
                        if (n == 300 || n == 1200) {
                          proxy.cutAll();
                        }
                      })
                  .map(SequencedRecord::seqNum),
              1)
          .thenRequest(Long.MAX_VALUE)
          .expectNextSequence(seqs(0, 2000))
          .expectComplete()
          .verify(TIMEOUT);
      // The first cut lands mid-stream; the second may come after the last bytes were already
      // received (client buffers), in which case nothing needs resuming.
      assertThat(proxy.accepted()).as("connections: the read resumed after a cut").isBetween(2L, 3L);
    }
  }
}

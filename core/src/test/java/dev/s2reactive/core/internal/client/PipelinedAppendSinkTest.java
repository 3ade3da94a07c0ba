package dev.s2reactive.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.AppendRetryPolicy;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class PipelinedAppendSinkTest {

  private static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(3)
          .minBackoff(Duration.ofMillis(1))
          .maxBackoff(Duration.ofMillis(2))
          .build();

  /** A fake stream: appends land in call order, acks complete when the test releases them. */
  static final class FakeStream {
    final AtomicLong tail = new AtomicLong();
    final ConcurrentLinkedQueue<AppendInput> inputs = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Sinks.One<AppendAck>> pending = new ConcurrentLinkedQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile boolean holdAcks;

    Mono<AppendAck> send(AppendInput input) {
      inputs.add(input);
      if (input.matchSeqNum().isPresent() && input.matchSeqNum().getAsLong() != tail.get()) {
        return Mono.error(AppendConditionFailedException.seqNumMismatch(tail.get()));
      }
      long start = tail.getAndAdd(input.records().size());
      AppendAck ack =
          new AppendAck(
              new StreamPosition(start, 0),
              new StreamPosition(start + input.records().size(), 0),
              new StreamPosition(tail.get(), 0));
      if (!holdAcks) {
        return Mono.just(ack);
      }
      Sinks.One<AppendAck> one = Sinks.one();
      pending.add(one);
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      return one.asMono().doOnNext(a -> inFlight.decrementAndGet()).map(a -> ack);
    }

    void releaseOne() {
      Sinks.One<AppendAck> one = pending.poll();
      if (one != null) {
        one.tryEmitValue(
            new AppendAck(StreamPosition.ZERO, StreamPosition.ZERO, StreamPosition.ZERO));
      }
    }
  }

  private static List<AppendRecord> records(int n, int bodyBytes) {
    List<AppendRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(AppendRecord.of(new byte[bodyBytes]));
    }
    return out;
  }

  @Test
  void batchesAndAcknowledgesInOrder() {
    FakeStream stream = new FakeStream();
    PipelinedAppendSink sink =
        new PipelinedAppendSink(
            AppendOptions.defaults().withMaxBatchRecords(10).withLinger(Duration.ofHours(1)),
            FAST,
            stream::send);
    Flux<AppendAck> acks = Flux.from(sink.acks());
    List<AppendAck> received = new ArrayList<>();
    StepVerifier.create(acks)
        .then(() -> Flux.fromIterable(records(35, 10)).subscribe(sink))
        .recordWith(() -> received)
        .thenConsumeWhile(ack -> true)
        .verifyComplete();
    // Batch boundaries depend on when upstream demand arrives (a batch is also cut when the sink
    // has no demand outstanding), so assert the bounds and the order, not exact sizes.
    assertThat(stream.inputs).allSatisfy(i -> assertThat(i.records()).hasSizeBetween(1, 10));
    assertThat(stream.inputs.stream().mapToInt(i -> i.records().size()).sum()).isEqualTo(35);
    List<AppendInput> sent = new ArrayList<>(stream.inputs);
    assertThat(received).hasSize(sent.size());
    for (int i = 0; i < received.size(); i++) {
      assertThat(received.get(i).recordCount()).isEqualTo(sent.get(i).records().size());
      if (i > 0) {
        assertThat(received.get(i).start()).isEqualTo(received.get(i - 1).end());
      }
    }
    assertThat(stream.tail.get()).isEqualTo(35);
  }

  @Test
  void inFlightBytesStayWithinBudgetAndUpstreamIsThrottled() {
    FakeStream stream = new FakeStream();
    stream.holdAcks = true;
    // records of 1008 metered bytes; budget 4 records
    AppendOptions options =
        AppendOptions.defaults()
            .withMaxBatchRecords(2)
            .withMaxBatchBytes(2016)
            .withMaxInFlightBytes(4032)
            .withLinger(Duration.ZERO);
    PipelinedAppendSink sink = new PipelinedAppendSink(options, FAST, stream::send);
    AtomicLong requested = new AtomicLong();
    Flux.fromIterable(records(40, 1000)).doOnRequest(requested::addAndGet).subscribe(sink);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int released = 0;
    while (stream.tail.get() < 40 && System.nanoTime() < deadline) {
      if (!stream.pending.isEmpty()) {
        // never more than the budget's worth of records requested beyond those acknowledged
        assertThat(requested.get() - released * 2L).isLessThanOrEqualTo(4 + 1);
        stream.releaseOne();
        released++;
      } else {
        Thread.onSpinWait();
      }
    }
    while (!stream.pending.isEmpty()) {
      stream.releaseOne();
    }
    StepVerifier.create(sink.flush()).verifyComplete();
    assertThat(stream.tail.get()).isEqualTo(40);
    assertThat(stream.maxInFlight.get()).isBetween(2, 4); // linger 0: one record per batch
    assertThat(sink.maxInFlightBytesSeen()).isLessThanOrEqualTo(4032);
  }

  @Test
  void flushSendsTheLingeringBatchAndCompletesWhenDurable() {
    FakeStream stream = new FakeStream();
    PipelinedAppendSink sink =
        new PipelinedAppendSink(
            AppendOptions.defaults().withLinger(Duration.ofHours(1)), FAST, stream::send);
    Sinks.Many<AppendRecord> upstream = Sinks.many().unicast().onBackpressureBuffer();
    upstream.asFlux().subscribe(sink);
    upstream.tryEmitNext(AppendRecord.of("a"));
    upstream.tryEmitNext(AppendRecord.of("b"));
    StepVerifier.create(sink.flush()).verifyComplete();
    assertThat(stream.tail.get()).isEqualTo(2);
  }

  @Test
  void chainsMatchSeqNumAndSurfacesMismatchAsTypedError() {
    FakeStream stream = new FakeStream();
    stream.tail.set(3);
    PipelinedAppendSink sink =
        new PipelinedAppendSink(
            AppendOptions.defaults().withMaxBatchRecords(2).withMatchSeqNum(0), FAST, stream::send);
    StepVerifier.create(Flux.from(sink.acks()))
        .then(() -> Flux.fromIterable(records(4, 1)).subscribe(sink))
        .expectErrorSatisfies(
            e -> assertThat(((AppendConditionFailedException) e).nextSeqNum()).hasValue(3))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void chainingPipelinesWithConsecutiveMatchSeqNums() {
    FakeStream stream = new FakeStream();
    PipelinedAppendSink sink =
        new PipelinedAppendSink(
            AppendOptions.defaults()
                .withMaxBatchRecords(3)
                .withMatchSeqNumChaining(true)
                .withLinger(Duration.ofHours(1)),
            FAST,
            stream::send);
    StepVerifier.create(Flux.from(sink.acks()))
        .then(() -> Flux.fromIterable(records(9, 1)).subscribe(sink))
        .expectNextCount(3)
        .verifyComplete();
    assertThat(stream.inputs)
        .extracting(i -> i.matchSeqNum().isPresent() ? i.matchSeqNum().getAsLong() : -1L)
        .containsExactly(-1L, 3L, 6L);
  }

  @Test
  void retriesOnlyWhenNoSideEffectsArePossible() {
    AtomicInteger calls = new AtomicInteger();
    FakeStream stream = new FakeStream();
    PipelinedAppendSink safe =
        new PipelinedAppendSink(
            AppendOptions.defaults()
                .withMaxBatchRecords(3)
                .withLinger(Duration.ofHours(1))
                .withAppendRetryPolicy(AppendRetryPolicy.NO_SIDE_EFFECTS),
            FAST,
            input ->
                calls.incrementAndGet() == 1
                    ? Mono.error(S2Exception.of(503, "server_draining", "draining"))
                    : stream.send(input));
    StepVerifier.create(Flux.from(safe.acks()))
        .then(() -> Flux.fromIterable(records(3, 1)).subscribe(safe))
        .expectNextCount(1)
        .verifyComplete();
    assertThat(calls.get()).isEqualTo(2);

    AtomicInteger unsafeCalls = new AtomicInteger();
    PipelinedAppendSink unsafe =
        new PipelinedAppendSink(
            AppendOptions.defaults()
                .withMaxBatchRecords(3)
                .withLinger(Duration.ofHours(1))
                .withAppendRetryPolicy(AppendRetryPolicy.NO_SIDE_EFFECTS),
            FAST,
            input -> {
              unsafeCalls.incrementAndGet();
              return Mono.error(S2Exception.of(500, "storage", "maybe written"));
            });
    StepVerifier.create(Flux.from(unsafe.acks()))
        .then(() -> Flux.fromIterable(records(3, 1)).subscribe(unsafe))
        .expectErrorSatisfies(e -> assertThat(((S2Exception) e).mayHaveBeenApplied()).isTrue())
        .verify(Duration.ofSeconds(5));
    assertThat(unsafeCalls.get()).isEqualTo(1);
  }

  @Test
  void checksAckInvariants() {
    PipelinedAppendSink sink =
        new PipelinedAppendSink(
            AppendOptions.defaults().withLinger(Duration.ofHours(1)),
            FAST,
            input ->
                Mono.just(
                    new AppendAck(
                        new StreamPosition(0, 0),
                        new StreamPosition(1, 0),
                        new StreamPosition(1, 0))));
    StepVerifier.create(Flux.from(sink.acks()))
        .then(() -> Flux.fromIterable(records(3, 1)).subscribe(sink))
        .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("invariant"))
        .verify(Duration.ofSeconds(5));
  }
}

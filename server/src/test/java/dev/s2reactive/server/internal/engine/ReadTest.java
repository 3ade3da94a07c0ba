package dev.s2reactive.server.internal.engine;

import static dev.s2reactive.server.internal.engine.EngineHarness.append;
import static dev.s2reactive.server.internal.engine.EngineHarness.appendBodies;
import static dev.s2reactive.server.internal.engine.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.RangeNotSatisfiableException;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class ReadTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static List<Long> seqNums(Flux<ReadBatch> batches) {
    return batches.flatMapIterable(ReadBatch::records).map(SequencedRecord::seqNum)
        .collectList().block(TIMEOUT);
  }

  private static List<Long> seqNums(ReadBatch batch) {
    return batch.records().stream().map(SequencedRecord::seqNum).toList();
  }

  private static ReadRequest from(ReadStart start) {
    return ReadRequest.from(start);
  }

  private static StreamPosition rangeTail(Runnable read) {
    try {
      read.run();
    } catch (RangeNotSatisfiableException e) {
      return e.tail();
    }
    throw new AssertionError("expected 416");
  }

  /** Ten records, timestamps START, START+10, ..., START+90. */
  private ActiveStream tenRecords() {
    ActiveStream s = h.stream(1);
    for (int i = 0; i < 10; i++) {
      appendBodies(s, i, 1);
      h.now.addAndGet(10);
    }
    return s;
  }

  @Test
  void rangeNotSatisfiableRules() {
    ActiveStream s = h.stream(1);
    // Default start (tail) unary, and seq_num 0 on an empty stream without wait.
    assertThat(rangeTail(() -> s.readUnary(from(ReadStart.tail())).block(TIMEOUT)))
        .isEqualTo(StreamPosition.ZERO);
    assertThat(rangeTail(() -> s.readUnary(from(ReadStart.seqNum(0))).block(TIMEOUT)))
        .isEqualTo(StreamPosition.ZERO);
    // A timestamp start at or below the tail's timestamp is never 416.
    assertThat(s.readUnary(from(ReadStart.timestamp(0))).block(TIMEOUT).records()).isEmpty();

    appendBodies(s, 0, 3);
    StreamPosition tail = s.checkTail().block();
    assertThat(rangeTail(() -> s.readUnary(from(ReadStart.seqNum(4))).block(TIMEOUT)))
        .isEqualTo(tail);
    assertThat(rangeTail(() -> s.readUnary(from(ReadStart.seqNum(-1))).block(TIMEOUT)))
        .isEqualTo(tail);
    assertThat(rangeTail(
        () -> s.readUnary(from(ReadStart.timestamp(tail.timestamp() + 1))).block(TIMEOUT)))
        .isEqualTo(tail);
    // Clamp moves a far start to the tail, but a bounded non-waiting read there is still 416.
    assertThat(rangeTail(
        () -> s.readUnary(from(ReadStart.seqNum(99)).withClamp(true)).block(TIMEOUT)))
        .isEqualTo(tail);
    assertThat(s.readUnary(from(ReadStart.timestamp(tail.timestamp() + 1)).withClamp(true))
        .block(TIMEOUT).records()).isEmpty();
    // Sessions: a bounded session with wait=0 at the tail is 416; an unbounded one may follow.
    assertThat(rangeTail(() -> s.read(from(ReadStart.seqNum(3)).withCount(5)
        .withWait(Duration.ZERO)).blockLast(TIMEOUT))).isEqualTo(tail);
    assertThat(s.read(from(ReadStart.seqNum(3)).withWait(Duration.ZERO)).collectList()
        .block(TIMEOUT)).isEmpty();
    assertThat(s.resolve(from(ReadStart.seqNum(99)).withClamp(true), false).block(TIMEOUT)
        .startSeqNum()).isEqualTo(3);
  }

  @Test
  void startKinds() {
    ActiveStream s = tenRecords();
    long t0 = EngineHarness.START_MILLIS;
    ReadRequest bounded = from(ReadStart.seqNum(4)).withWait(Duration.ZERO);
    assertThat(seqNums(s.read(bounded))).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(seqNums(s.read(from(ReadStart.timestamp(t0 + 75)).withWait(Duration.ZERO))))
        .containsExactly(8L, 9L);
    assertThat(seqNums(s.read(from(ReadStart.tailOffset(3)).withWait(Duration.ZERO))))
        .containsExactly(7L, 8L, 9L);
    assertThat(seqNums(s.read(from(ReadStart.tailOffset(50)).withWait(Duration.ZERO))))
        .hasSize(10).startsWith(0L);
    assertThat(seqNums(s.readUnary(from(ReadStart.seqNum(2)).withCount(3)).block(TIMEOUT)))
        .containsExactly(2L, 3L, 4L);
  }

  @Test
  void countBytesAndUntilBoundTheWholeSession() {
    ActiveStream s = tenRecords();
    long t0 = EngineHarness.START_MILLIS;
    // Each record "rN" is 10 metered bytes (8 + 2).
    assertThat(seqNums(s.read(from(ReadStart.seqNum(0)).withCount(4)))).containsExactly(
        0L, 1L, 2L, 3L);
    assertThat(seqNums(s.read(from(ReadStart.seqNum(0)).withBytes(35)))).containsExactly(
        0L, 1L, 2L);
    assertThat(seqNums(s.read(from(ReadStart.seqNum(0)).withUntil(t0 + 30)))).containsExactly(
        0L, 1L, 2L);
    assertThat(seqNums(s.read(from(ReadStart.seqNum(0)).withCount(0)))).isEmpty();
    assertThat(seqNums(s.read(from(ReadStart.seqNum(0)).withBytes(5)))).isEmpty();
    assertThat(s.readUnary(from(ReadStart.seqNum(0)).withBytes(5)).block(TIMEOUT).records())
        .isEmpty();
    // Unary reads are clamped to 1000 records.
    for (int i = 0; i < 3; i++) {
      List<AppendRecord> records = new java.util.ArrayList<>();
      for (int j = 0; j < 500; j++) {
        records.add(AppendRecord.of("x"));
      }
      append(s, AppendInput.of(records));
    }
    assertThat(s.readUnary(from(ReadStart.seqNum(0)).withCount(5000)).block(TIMEOUT).records())
        .hasSize(1000);
  }

  @Test
  void liveBatchesRespectBoundsAndCarryTheTail() {
    ActiveStream s = h.stream(1);
    List<ReadBatch> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    s.read(from(ReadStart.seqNum(0)).withCount(3).withWait(Duration.ofSeconds(30)))
        .subscribe(got::add, done::completeExceptionally, () -> done.complete(null));
    await(() -> s.followers.size() == 1, "follower");
    appendBodies(s, 0, 2);
    appendBodies(s, 2, 2);
    done.join();
    List<ReadBatch> data = got.stream().filter(b -> !b.records().isEmpty()).toList();
    assertThat(data).flatExtracting(ReadBatch::records).extracting(SequencedRecord::seqNum)
        .containsExactly(0L, 1L, 2L);
    assertThat(data).allSatisfy(b -> assertThat(b.tail()).isPresent());
    assertThat(data.get(data.size() - 1).tail()).contains(StreamPosition.of(4, h.now.get()));
  }

  @Test
  void waitZeroEndsAtTailAndWaitEndsAfterSilence() {
    ActiveStream s = tenRecords();
    StepVerifier.create(s.read(from(ReadStart.seqNum(8)).withWait(Duration.ZERO)))
        .assertNext(b -> assertThat(seqNums(b)).containsExactly(8L, 9L))
        .expectComplete()
        .verify(TIMEOUT);
    // wait=200ms: catch-up, heartbeat at the switch, then silence ends the session.
    StepVerifier.create(s.read(from(ReadStart.seqNum(9)).withWait(Duration.ofMillis(200))))
        .assertNext(b -> assertThat(seqNums(b)).containsExactly(9L))
        .assertNext(b -> assertThat(b.isHeartbeat()).isTrue())
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void catchUpThenHeartbeatThenLiveThenHeartbeatOnSilence() {
    ActiveStream s = h.stream(1);
    appendBodies(s, 0, 5);
    h.heartbeatMillis.set(150);
    StepVerifier.create(s.read(from(ReadStart.seqNum(0))))
        .assertNext(b -> {
          assertThat(seqNums(b)).containsExactly(0L, 1L, 2L, 3L, 4L);
          assertThat(b.tail()).isEmpty();
        })
        .assertNext(b -> assertThat(b).isEqualTo(
            ReadBatch.heartbeat(StreamPosition.of(5, EngineHarness.START_MILLIS))))
        .then(() -> appendBodies(s, 5, 2))
        .assertNext(b -> {
          assertThat(seqNums(b)).containsExactly(5L, 6L);
          assertThat(b.tail()).contains(StreamPosition.of(7, EngineHarness.START_MILLIS));
        })
        .assertNext(b -> assertThat(b.isHeartbeat()).isTrue())
        .thenCancel()
        .verify(TIMEOUT);
    await(() -> s.followers.size() == 0, "follower removed after cancel");
  }

  @Test
  void unaryLongPollsAtTheTail() {
    ActiveStream s = h.stream(1);
    appendBodies(s, 0, 2);
    CompletableFuture<ReadBatch> poll = s.readUnary(
        from(ReadStart.seqNum(2)).withWait(Duration.ofSeconds(30))).toFuture();
    await(() -> s.followers.size() == 1, "long poll registered");
    assertThat(poll).isNotDone();
    appendBodies(s, 2, 3);
    ReadBatch batch = poll.join();
    assertThat(seqNums(batch)).containsExactly(2L, 3L, 4L);
    assertThat(batch.tail()).isPresent();
    ReadBatch empty = s.readUnary(from(ReadStart.seqNum(5)).withWait(Duration.ofMillis(100)))
        .block(TIMEOUT);
    assertThat(empty).isEqualTo(ReadBatch.EMPTY);
  }

  @Test
  void startBelowTrimPointBeginsAtFirstPresentRecord() {
    ActiveStream s = tenRecords();
    append(s, AppendInput.of(AppendRecord.trim(7)));
    assertThat(seqNums(s.read(from(ReadStart.seqNum(0)).withWait(Duration.ZERO))))
        .containsExactly(7L, 8L, 9L, 10L);
    assertThat(seqNums(s.read(from(ReadStart.timestamp(0)).withWait(Duration.ZERO))))
        .startsWith(7L);
  }

  @Test
  void deletionEndsLiveSessions() {
    ActiveStream s = h.stream(1);
    StepVerifier.create(s.read(from(ReadStart.seqNum(0))))
        .assertNext(b -> assertThat(b.isHeartbeat()).isTrue())
        .then(() -> h.engine.delete(1))
        .expectErrorSatisfies(e -> assertThat(((S2Exception) e).status()).isEqualTo(409))
        .verify(TIMEOUT);
    assertThatThrownBy(() -> s.read(from(ReadStart.seqNum(0))).blockLast(TIMEOUT))
        .isInstanceOf(S2Exception.class).hasMessage("stream deletion pending");
  }
}

package dev.s2reactive.server.internal.engine;

import static dev.s2reactive.server.internal.engine.EngineHarness.append;
import static dev.s2reactive.server.internal.engine.EngineHarness.appendBodies;
import static dev.s2reactive.server.internal.engine.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.server.internal.engine.StreamSettings.Timestamping;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.ReadResult;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SequencerTest {

  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static AppendRecord at(long timestamp, String body) {
    return AppendRecord.of(body).withTimestamp(timestamp);
  }

  private List<SequencedRecord> stored(long streamId) {
    return h.storage.read(streamId, 0, new ReadLimit(1000, Long.MAX_VALUE, ReadLimit.NO_UNTIL, -1))
        .records();
  }

  private static S2Exception failure(CompletableFuture<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (S2Exception) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void assignsContiguousSeqNumsAndArrivalTimeAndAcksPerBatch() {
    ActiveStream s = h.stream(1);
    long t0 = h.now.get();
    AppendAck first = appendBodies(s, 0, 3);
    assertThat(first.start()).isEqualTo(StreamPosition.of(0, t0));
    assertThat(first.end()).isEqualTo(StreamPosition.of(3, t0));
    assertThat(first.tail()).isEqualTo(first.end());
    h.now.addAndGet(5);
    AppendAck second = appendBodies(s, 3, 2);
    assertThat(second.start()).isEqualTo(StreamPosition.of(3, t0 + 5));
    assertThat(second.end()).isEqualTo(StreamPosition.of(5, t0 + 5));
    assertThat(s.checkTail().block()).isEqualTo(StreamPosition.of(5, t0 + 5));
    assertThat(stored(1)).extracting(SequencedRecord::seqNum).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void clientPreferUsesClientTimestampCappedAtNowAndClampedMonotonic() {
    ActiveStream s = h.stream(1);
    long now = h.now.get();
    AppendAck ack = append(s, AppendInput.of(
        at(now - 100, "a"), at(now - 200, "b"), AppendRecord.of("c"), at(now + 1000, "d")));
    assertThat(stored(1)).extracting(SequencedRecord::timestamp)
        .containsExactly(now - 100, now - 100, now, now);
    assertThat(ack.start().timestamp()).isEqualTo(now - 100);
    assertThat(ack.end().timestamp()).isEqualTo(now);
    // A later batch with an older client timestamp is raised to the tail's timestamp.
    append(s, AppendInput.of(at(5, "e")));
    assertThat(stored(1).get(4).timestamp()).isEqualTo(now);
  }

  @Test
  void uncappedKeepsFutureTimestampsAndComparesUnsigned() {
    ActiveStream s = h.stream(1, StreamSettings.DEFAULTS.withTimestamping(
        Timestamping.CLIENT_PREFER, true));
    long now = h.now.get();
    append(s, AppendInput.of(at(now + 1000, "a"), at(-2L, "b"), at(7, "c")));
    // -2 is 2^64-2 unsigned: larger than everything, so "c" is raised to it.
    assertThat(stored(1)).extracting(SequencedRecord::timestamp)
        .containsExactly(now + 1000, -2L, -2L);
  }

  @Test
  void arrivalIgnoresClientTimestamps() {
    ActiveStream s = h.stream(1, StreamSettings.DEFAULTS.withTimestamping(
        Timestamping.ARRIVAL, true));
    long now = h.now.get();
    append(s, AppendInput.of(at(now + 1000, "a"), at(3, "b")));
    assertThat(stored(1)).extracting(SequencedRecord::timestamp).containsExactly(now, now);
  }

  @Test
  void clientRequireFailsWholeBatchWhenATimestampIsMissing() {
    ActiveStream s = h.stream(1, StreamSettings.DEFAULTS.withTimestamping(
        Timestamping.CLIENT_REQUIRE, false));
    S2Exception e = failure(s.append(AppendInput.of(at(10, "a"), AppendRecord.of("b"))));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.code()).isEqualTo("invalid");
    assertThat(e.getMessage()).isEqualTo("record timestamp was required but was missing");
    assertThat(s.checkTail().block()).isEqualTo(StreamPosition.ZERO);
    append(s, AppendInput.of(at(10, "a")));
    assertThat(stored(1)).extracting(SequencedRecord::timestamp).containsExactly(10L);
  }

  @Test
  void matchSeqNumZeroIsARealCondition() {
    ActiveStream s = h.stream(1);
    append(s, AppendInput.of(AppendRecord.of("a")).withMatchSeqNum(0));
    S2Exception e = failure(s.append(AppendInput.of(AppendRecord.of("b")).withMatchSeqNum(0)));
    assertThat(e).isInstanceOf(AppendConditionFailedException.class);
    assertThat(e.status()).isEqualTo(412);
    assertThat(((AppendConditionFailedException) e).nextSeqNum()).hasValue(1);
    append(s, AppendInput.of(AppendRecord.of("b")).withMatchSeqNum(1));
    assertThat(stored(1)).hasSize(2);
  }

  @Test
  void aFailedAppendFailsEveryLaterAppendOfItsChainButNotOthers() {
    ActiveStream s = h.stream(1);
    AppendChain session = new AppendChain();
    // Handed over back to back, as a pipelined s2s append session does.
    CompletableFuture<AppendAck> first =
        s.append(AppendInput.of(AppendRecord.of("a")).withMatchSeqNum(7), session);
    CompletableFuture<AppendAck> second = s.append(AppendInput.of(AppendRecord.of("b")), session);
    CompletableFuture<AppendAck> unrelated = s.append(AppendInput.of(AppendRecord.of("c")));

    assertThat(failure(first)).isInstanceOf(AppendConditionFailedException.class);
    assertThat(failure(second)).isSameAs(failure(first));
    assertThat(unrelated.join().start().seqNum()).isZero();
    assertThat(stored(1)).extracting(r -> r.body().utf8()).containsExactly("c");
  }

  @Test
  void fenceAppliesOnlyToLaterBatchesAndIsCheckedBeforeMatchSeqNum() {
    ActiveStream s = h.stream(1);
    // Checked against the old token "" although the batch sets "t1".
    append(s, AppendInput.of(AppendRecord.fence("t1"), AppendRecord.of("a")).withFencingToken(""));
    S2Exception stale = failure(
        s.append(AppendInput.of(AppendRecord.of("b")).withFencingToken("").withMatchSeqNum(9)));
    assertThat(((AppendConditionFailedException) stale).currentFencingToken()).hasValue("t1");
    // Without a token the append is not fenced.
    append(s, AppendInput.of(AppendRecord.of("c")));
    S2Exception seq = failure(
        s.append(AppendInput.of(AppendRecord.of("d")).withFencingToken("t1").withMatchSeqNum(9)));
    assertThat(((AppendConditionFailedException) seq).nextSeqNum()).hasValue(3);
    append(s, AppendInput.of(AppendRecord.fence("")).withFencingToken("t1"));
    append(s, AppendInput.of(AppendRecord.of("e")).withFencingToken(""));
    assertThat(stored(1)).hasSize(5);
  }

  @Test
  void trimCommandMovesTrimPointForwardOnlyAndTrimsInBackground() {
    ActiveStream s = h.stream(1);
    appendBodies(s, 0, 5);
    // Asks for 100 at seq 5: the effective point is 6 (the trim record itself is the last kept).
    append(s, AppendInput.of(AppendRecord.trim(100)));
    assertThat(s.trimPoint()).isEqualTo(6);
    append(s, AppendInput.of(AppendRecord.trim(2)));
    assertThat(s.trimPoint()).isEqualTo(6);
    await(() -> stored(1).get(0).seqNum() == 6, "physical trim");
    assertThat(s.read(ReadRequest.from(ReadStart.seqNum(0)).withWait(Duration.ZERO))
        .flatMapIterable(b -> b.records()).map(SequencedRecord::seqNum).collectList().block())
        .containsExactly(6L);
    SequencedRecord trim = stored(1).get(0);
    assertThat(trim.isCommand()).isTrue();
  }

  @Test
  void malformedCommandsFailTheBatch() {
    ActiveStream s = h.stream(1);
    AppendRecord shortTrim = new AppendRecord(OptionalLong.empty(),
        List.of(new Header(Bytes.EMPTY, AppendRecord.TRIM_COMMAND)), Bytes.utf8("abc"));
    S2Exception e = failure(s.append(AppendInput.of(AppendRecord.of("a"), shortTrim)));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.getMessage()).contains("was 3 bytes, must be 8");
    AppendRecord unknown = new AppendRecord(OptionalLong.empty(),
        List.of(new Header(Bytes.EMPTY, Bytes.utf8("nope"))), Bytes.EMPTY);
    assertThat(failure(s.append(AppendInput.of(unknown))).getMessage()).isEqualTo("unknown command");
    assertThat(s.checkTail().block()).isEqualTo(StreamPosition.ZERO);
  }

  @Test
  void rejectsAppendsToDeletedStreamAndRemovesRecords() throws Exception {
    ActiveStream s = h.stream(1);
    appendBodies(s, 0, 3);
    h.engine.delete(1).get(10, TimeUnit.SECONDS);
    S2Exception e = failure(s.append(AppendInput.of(AppendRecord.of("x"))));
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("stream_deletion_pending");
    assertThat(h.storage.state(1)).isEmpty();
    // A late open of the same id finds the tombstone, not a fresh stream.
    S2Exception late = failure(h.engine.open(1, StreamSettings.DEFAULTS)
        .append(AppendInput.of(AppendRecord.of("y"))));
    assertThat(late.status()).isEqualTo(409);
    h.engine.forget(1);
    assertThat(h.engine.find(1)).isEmpty();
    assertThatThrownBy(() -> s.checkTail().then(s.resolve(
        ReadRequest.from(ReadStart.seqNum(0)), false)).block())
        .isInstanceOf(S2Exception.class).hasMessage("stream deletion pending");
  }

  @Test
  void deletingAStreamThatWasNeverOpenedRemovesItsRecords() throws Exception {
    appendBodies(h.stream(1), 0, 3);
    try (StreamEngine other = new StreamEngine(h.storage, h.engine.options())) {
      other.delete(1).get(10, TimeUnit.SECONDS);
    }
    assertThat(h.storage.state(1)).isEmpty();
  }

  @Test
  void emptyBatchIsRejectedNotHung() {
    S2Exception e = failure(h.stream(1).append(AppendInput.of(List.of())));
    assertThat(e.status()).isEqualTo(422);
  }

  @Test
  void retentionTrimsRecordsOlderThanTheAge() {
    StreamSettings settings = StreamSettings.DEFAULTS.withRetentionAgeSeconds(60);
    ActiveStream s = h.stream(1, settings);
    appendBodies(s, 0, 3);
    h.now.addAndGet(30_000);
    appendBodies(s, 3, 2);
    h.now.addAndGet(40_000);
    h.engine.enforceRetention(1, settings, h.now.get()).block(Duration.ofSeconds(10));
    assertThat(stored(1)).extracting(SequencedRecord::seqNum).containsExactly(3L, 4L);
    assertThat(h.storage.state(1).orElseThrow().trimPoint())
        .as("retention moves the persisted trim point").isEqualTo(3);
    h.now.addAndGet(60_000);
    h.engine.enforceRetention(1, settings, h.now.get()).block(Duration.ofSeconds(10));
    assertThat(stored(1)).isEmpty();
    assertThat(h.storage.state(1).orElseThrow().trimPoint()).isEqualTo(5);
    assertThat(s.checkTail().block().seqNum()).isEqualTo(5);
  }

  @Test
  void storageReadResultReportsWhyItStopped() {
    ActiveStream s = h.stream(1);
    appendBodies(s, 0, 3);
    assertThat(h.storage.read(1, 0, new ReadLimit(2, 1000, ReadLimit.NO_UNTIL, 3)).stop())
        .isEqualTo(ReadResult.Stop.COUNT);
    assertThat(h.storage.read(1, 0, new ReadLimit(3, 1000, ReadLimit.NO_UNTIL, 3)).stop())
        .as("COUNT is checked before END")
        .isEqualTo(ReadResult.Stop.COUNT);
    assertThat(h.storage.read(1, 0, new ReadLimit(4, 1000, ReadLimit.NO_UNTIL, 3)).stop())
        .isEqualTo(ReadResult.Stop.END);
  }
}

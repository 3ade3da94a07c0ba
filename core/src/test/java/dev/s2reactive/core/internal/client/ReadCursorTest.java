package dev.s2reactive.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadCursorTest {

  private static final long SECOND = 1_000_000_000L;

  /** Records first..first+n-1, each with a 2-byte body: 10 metered bytes apiece. */
  private static ReadBatch batch(long first, int n) {
    List<SequencedRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(new SequencedRecord(first + i, 1000 + first + i, List.of(), Bytes.utf8("ab")));
    }
    return ReadBatch.of(records);
  }

  private static String q(java.util.Map<String, String> query) {
    return ReadCursor.toQueryString(query);
  }

  @Test
  void initialQueryForEveryStartKind() {
    assertThat(q(new ReadCursor(ReadSpec.from(StartAt.seqNum(5)), 0).initialQuery()))
        .isEqualTo("seq_num=5");
    assertThat(q(new ReadCursor(ReadSpec.from(StartAt.timestamp(1700)), 0).initialQuery()))
        .isEqualTo("timestamp=1700");
    assertThat(q(new ReadCursor(ReadSpec.from(StartAt.tailOffset(100)), 0).initialQuery()))
        .isEqualTo("tail_offset=100");
    assertThat(q(new ReadCursor(ReadSpec.from(StartAt.tail()), 0).initialQuery()))
        .isEqualTo("tail_offset=0");
    assertThat(q(new ReadCursor(ReadSpec.from(StartAt.seqNum(-1).clamp(true)), 0).initialQuery()))
        .isEqualTo("seq_num=18446744073709551615&clamp=true");
  }

  @Test
  void initialQueryWithAllLimits() {
    ReadSpec spec =
        ReadSpec.from(StartAt.timestamp(10).clamp(true))
            .withCount(100)
            .withBytes(4096)
            .withUntil(2000)
            .withWait(Duration.ofMillis(2500));
    assertThat(new ReadCursor(spec, 0).initialQuery())
        .containsExactly(
            entry("timestamp", "10"),
            entry("clamp", "true"),
            entry("count", "100"),
            entry("bytes", "4096"),
            entry("until", "2000"),
            entry("wait", "3"));
  }

  @Test
  void waitAbsentZeroAndPositiveStayDistinct() {
    ReadSpec base = ReadSpec.from(StartAt.seqNum(0));
    assertThat(new ReadCursor(base, 0).initialQuery()).doesNotContainKey("wait");
    assertThat(new ReadCursor(base.stopAtTail(), 0).initialQuery()).containsEntry("wait", "0");
    assertThat(new ReadCursor(base.withWait(Duration.ofSeconds(7)), 0).initialQuery())
        .containsEntry("wait", "7");
  }

  @Test
  void resumesAfterLastDeliveredWithRemainingLimits() {
    ReadSpec spec = ReadSpec.from(StartAt.seqNum(5)).withCount(10).withBytes(1000).withUntil(9999);
    ReadCursor c = new ReadCursor(spec, 0);
    c.onBatch(batch(5, 3), 1);
    assertThat(c.deliveredCount()).isEqualTo(3);
    assertThat(c.deliveredBytes()).isEqualTo(30);
    assertThat(c.lastSeqNum()).hasValue(7);
    assertThat(c.nextSeqNum()).hasValue(8);
    assertThat(q(c.resumeQuery(2))).isEqualTo("seq_num=8&count=7&bytes=970&until=9999");
    assertThat(c.lastEventId()).contains("7,3,30");
  }

  @Test
  void nothingDeliveredReusesOriginalStart() {
    for (StartAt start :
        List.of(
            StartAt.seqNum(42),
            StartAt.timestamp(1234),
            StartAt.tailOffset(100),
            StartAt.tail().clamp(true))) {
      ReadCursor c = new ReadCursor(ReadSpec.from(start).withCount(5), 0);
      assertThat(c.resumeQuery(SECOND)).isEqualTo(c.initialQuery());
      assertThat(c.lastEventId()).isEmpty();
      assertThat(c.lastSeqNum()).isEmpty();
    }
  }

  @Test
  void relativeStartsResolveOnFirstRecord() {
    ReadCursor ts = new ReadCursor(ReadSpec.from(StartAt.timestamp(1234)).withUntil(5000), 0);
    assertThat(ts.isStartResolved()).isFalse();
    assertThat(ts.nextSeqNum()).isEmpty();
    ts.onBatch(batch(17, 2), 0);
    assertThat(ts.isStartResolved()).isTrue();
    assertThat(q(ts.resumeQuery(0))).isEqualTo("seq_num=19&until=5000");

    ReadCursor tail = new ReadCursor(ReadSpec.from(StartAt.tailOffset(100)), 0);
    tail.onBatch(batch(900, 100), 0);
    assertThat(q(tail.resumeQuery(0))).isEqualTo("seq_num=1000");
  }

  @Test
  void heartbeatBeforeAnyRecordAnchorsRelativeStartAtTail() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.tail()), 0);
    c.onBatch(ReadBatch.heartbeat(StreamPosition.of(77, 5)), 0);
    assertThat(c.isStartResolved()).isTrue();
    assertThat(c.deliveredCount()).isZero();
    assertThat(c.lastEventId()).isEmpty();
    assertThat(q(c.resumeQuery(0))).isEqualTo("seq_num=77");
    // a later heartbeat does not move it: records 77.. may still be in flight
    c.onHeartbeat(StreamPosition.of(90, 6));
    assertThat(q(c.resumeQuery(0))).isEqualTo("seq_num=77");
  }

  @Test
  void heartbeatAnchorsClampedSeqNumBeyondTail() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(500).clamp(true)), 0);
    c.onHeartbeat(StreamPosition.of(10, 1));
    assertThat(q(c.resumeQuery(0))).isEqualTo("seq_num=10&clamp=true");
  }

  @Test
  void heartbeatAfterRecordsDoesNotMoveCursor() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)), 0);
    c.onBatch(batch(0, 3), 0);
    c.onHeartbeat(StreamPosition.of(50, 9));
    assertThat(c.nextSeqNum()).hasValue(3);
  }

  @Test
  void repeatedResumptionsKeepSubtractingFromTheOriginalLimits() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)).withCount(10).withBytes(95), 0);
    c.onBatch(batch(0, 2), 0);
    assertThat(q(c.resumeQuery(0))).isEqualTo("seq_num=2&count=8&bytes=75");
    c.onBatch(batch(2, 3), 0);
    assertThat(q(c.resumeQuery(0))).isEqualTo("seq_num=5&count=5&bytes=45");
    c.onBatch(batch(5, 1), 0);
    assertThat(q(c.resumeQuery(0))).isEqualTo("seq_num=6&count=4&bytes=35");
    assertThat(c.lastEventId()).contains("5,6,60");
    // the initial query stays the original, for SSE Last-Event-ID resumption
    assertThat(q(c.initialQuery())).isEqualTo("seq_num=0&count=10&bytes=95");
  }

  @Test
  void exhaustedCountMustNotReopen() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)).withCount(4), 0);
    c.onBatch(batch(0, 3), 0);
    assertThat(c.isExhausted()).isFalse();
    assertThat(c.remainingCount()).hasValue(1);
    c.onBatch(batch(3, 1), 0);
    assertThat(c.isExhausted()).isTrue();
    assertThat(c.remainingCount()).hasValue(0);
    assertThatThrownBy(() -> c.resumeQuery(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exhausted");
  }

  @Test
  void exhaustedBytesNeverGoNegative() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)).withBytes(25), 0);
    c.onBatch(batch(0, 2), 0);
    assertThat(c.remainingBytes()).hasValue(5);
    assertThat(c.isExhausted()).isFalse();
    assertThat(q(c.resumeQuery(0))).isEqualTo("seq_num=2&bytes=5");
    c.onBatch(batch(2, 1), 0); // 10 more bytes than remain: a server may cut a batch late
    assertThat(c.remainingBytes()).hasValue(0);
    assertThat(c.isExhausted()).isTrue();
    assertThatThrownBy(() -> c.resumeQuery(0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void zeroLimitsAreExhaustedFromTheStart() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)).withCount(0), 0);
    assertThat(q(c.initialQuery())).isEqualTo("seq_num=0&count=0");
    assertThat(c.isExhausted()).isTrue();
  }

  @Test
  void unboundedReadIsNeverExhausted() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)), 0);
    c.onBatch(batch(0, 1000), 0);
    assertThat(c.isExhausted()).isFalse();
    assertThat(c.remainingCount()).isEmpty();
    assertThat(c.remainingBytes()).isEmpty();
    assertThat(q(c.resumeQuery(0))).isEqualTo("seq_num=1000");
  }

  @Test
  void remainingWaitCountsFromLastBatch() {
    ReadSpec spec = ReadSpec.from(StartAt.seqNum(0)).withWait(Duration.ofSeconds(10));
    ReadCursor c = new ReadCursor(spec, 100 * SECOND);
    assertThat(c.remainingWait(103 * SECOND)).contains(Duration.ofSeconds(7));
    assertThat(q(c.resumeQuery(103 * SECOND))).isEqualTo("seq_num=0&wait=7");
    // part of a second left rounds up, so the server still waits
    assertThat(q(c.resumeQuery(103 * SECOND + 1))).isEqualTo("seq_num=0&wait=7");
    c.onBatch(batch(0, 1), 108 * SECOND);
    assertThat(q(c.resumeQuery(109 * SECOND))).isEqualTo("seq_num=1&wait=9");
    // heartbeats do not restart the server's timer
    c.onBatch(ReadBatch.heartbeat(StreamPosition.of(1, 0)), 115 * SECOND);
    assertThat(c.remainingWait(115 * SECOND)).contains(Duration.ofSeconds(3));
    assertThat(q(c.resumeQuery(130 * SECOND))).isEqualTo("seq_num=1&wait=0");
  }

  @Test
  void zeroAndAbsentWaitSurviveResumption() {
    ReadCursor stop = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)).stopAtTail(), 0);
    stop.onBatch(batch(0, 1), 0);
    assertThat(q(stop.resumeQuery(60 * SECOND))).isEqualTo("seq_num=1&wait=0");
    ReadCursor follow = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)), 0);
    follow.onBatch(batch(0, 1), 0);
    assertThat(follow.remainingWait(60 * SECOND)).isEmpty();
    assertThat(q(follow.resumeQuery(60 * SECOND))).isEqualTo("seq_num=1");
  }

  @Test
  void caughtUpAfterHeartbeatOrLiveBatchAtTail() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)), 0);
    c.onBatch(batch(0, 3), 0); // from storage: no tail
    assertThat(c.isCaughtUp()).isFalse();
    assertThat(c.lastKnownTail()).isEmpty();
    c.onBatch(ReadBatch.of(batch(3, 2).records(), StreamPosition.of(9, 1)), 0);
    assertThat(c.isCaughtUp()).isFalse(); // live, but 5..8 still to come
    assertThat(c.lastKnownTail()).contains(StreamPosition.of(9, 1));
    c.onBatch(ReadBatch.of(batch(5, 4).records(), StreamPosition.of(9, 2)), 0);
    assertThat(c.isCaughtUp()).isTrue();

    ReadCursor h = new ReadCursor(ReadSpec.from(StartAt.tail()), 0);
    assertThat(h.isCaughtUp()).isFalse();
    h.onBatch(ReadBatch.heartbeat(StreamPosition.of(4, 4)), 0);
    assertThat(h.isCaughtUp()).isTrue();
    assertThat(h.lastKnownTail()).contains(StreamPosition.of(4, 4));
  }

  @Test
  void rejectsRecordsThatGoBackwards() {
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(0)), 0);
    c.onBatch(batch(0, 5), 0);
    assertThatThrownBy(() -> c.onBatch(batch(4, 2), 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("seq_num 4");
    ReadCursor anchored = new ReadCursor(ReadSpec.from(StartAt.tail()), 0);
    anchored.onHeartbeat(StreamPosition.of(10, 0));
    assertThatThrownBy(() -> anchored.onBatch(batch(9, 1), 0))
        .isInstanceOf(IllegalStateException.class);
    // gaps (trimmed records) are allowed
    anchored.onBatch(batch(15, 1), 0);
    assertThat(anchored.nextSeqNum()).hasValue(16);
  }

  @Test
  void unsignedSeqNumsRenderUnsigned() {
    long big = Long.MIN_VALUE; // 2^63
    ReadCursor c = new ReadCursor(ReadSpec.from(StartAt.seqNum(big)), 0);
    c.onBatch(batch(big, 1), 0);
    assertThat(q(c.resumeQuery(0))).isEqualTo("seq_num=9223372036854775809");
    assertThat(c.lastEventId()).contains("9223372036854775808,1,10");
  }
}

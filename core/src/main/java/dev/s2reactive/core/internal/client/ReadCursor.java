package dev.s2reactive.core.internal.client;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The position of one logical read across sessions, so that a broken session can be reopened
 * without gaps or duplicates (design §3, protocol §7.1, §8, §9.3). Pure logic: no I/O, time is
 * passed in as a monotonic nanosecond reading.
 *
 * <p>The first session uses {@link #initialQuery()}. Each delivered batch goes to {@link
 * #onBatch}, each heartbeat tail to {@link #onHeartbeat}. After a retryable failure {@link
 * #resumeQuery} gives the next session's query: it starts at {@code last seq_num + 1} with the
 * remaining {@code count}/{@code bytes}/{@code wait}, keeping {@code until} and {@code clamp}.
 * Until the server has told where a timestamp or tail-offset start lies (a record or a
 * heartbeat), the resumed session reuses the original start.
 *
 * <p>A resumed session may legitimately be refused with 416 when it starts exactly at the tail
 * and may not wait (protocol §7.2): that means the read has nothing more to deliver and should
 * complete, not fail.
 *
 * <p>Not thread-safe: one session's signals are serialised by the caller.
 */
public final class ReadCursor {

  private final ReadSpec spec;
  private long nextSeqNum;
  private boolean anchored;
  private boolean delivered;
  private long lastSeqNum;
  private long deliveredCount;
  private long deliveredBytes;
  private long lastProgressNanos;
  private boolean caughtUp;
  private StreamPosition lastTail;

  /**
   * @param nowNanos the current time (any monotonic origin, e.g. {@link System#nanoTime()}); the
   *     server's wait timer is taken to start now
   */
  public ReadCursor(ReadSpec spec, long nowNanos) {
    this.spec = spec;
    this.lastProgressNanos = nowNanos;
    if (spec.start().kind() == StartAt.Kind.SEQ_NUM) {
      this.nextSeqNum = spec.start().value();
    }
  }

  public ReadSpec spec() {
    return spec;
  }

  /** Query parameters of the first session, in protocol order. */
  public Map<String, String> initialQuery() {
    Map<String, String> query = new LinkedHashMap<>();
    StartAt start = spec.start();
    query.put(start.kind().queryParam(), Long.toUnsignedString(start.value()));
    putLimits(query, spec.count(), spec.bytes(), spec.waitTime().map(ReadSpec::waitSeconds));
    return Collections.unmodifiableMap(query);
  }

  /**
   * Records a delivered batch. Heartbeats (no records) may be passed too; their tail anchors the
   * start like {@link #onHeartbeat}.
   *
   * @throws IllegalStateException if a record does not come after everything delivered so far
   */
  public void onBatch(ReadBatch batch, long nowNanos) {
    if (batch.records().isEmpty()) {
      batch.tail().ifPresent(this::onHeartbeat);
      return;
    }
    long bytes = 0;
    for (SequencedRecord record : batch.records()) {
      long seq = record.seqNum();
      if ((delivered && Long.compareUnsigned(seq, lastSeqNum) <= 0)
          || (anchored && Long.compareUnsigned(seq, nextSeqNum) < 0)) {
        throw new IllegalStateException(
            "read went backwards: got seq_num "
                + Long.toUnsignedString(seq)
                + ", expected at least "
                + Long.toUnsignedString(nextSeqNum));
      }
      lastSeqNum = seq;
      nextSeqNum = seq + 1;
      delivered = true;
      anchored = true;
      bytes += record.meteredBytes();
    }
    deliveredCount += batch.records().size();
    deliveredBytes += bytes;
    lastProgressNanos = nowNanos;
    batch.tail().ifPresent(this::noteTail);
  }

  /**
   * Records a heartbeat's tail. When nothing has been delivered yet the session has caught up, so
   * the start resolved to this tail: later sessions start there and miss nothing appended since.
   */
  public void onHeartbeat(StreamPosition tail) {
    if (!anchored) {
      nextSeqNum = tail.seqNum();
      anchored = true;
    }
    caughtUp = true;
    noteTail(tail);
  }

  /**
   * True once the read has reached the tail: a heartbeat arrived (the server sends one when it
   * switches to following) or a live batch ended at the tail it reported. Stays true afterwards.
   */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  /** The most recent tail the server reported, if any. */
  public Optional<StreamPosition> lastKnownTail() {
    return Optional.ofNullable(lastTail);
  }

  private void noteTail(StreamPosition tail) {
    if (lastTail == null || Long.compareUnsigned(tail.seqNum(), lastTail.seqNum()) >= 0) {
      lastTail = tail;
    }
    if (anchored && tail.seqNum() == nextSeqNum) {
      caughtUp = true;
    }
  }

  /** True once the read's position is an absolute seq_num (always for a seq_num start). */
  public boolean isStartResolved() {
    return anchored || spec.start().kind() == StartAt.Kind.SEQ_NUM;
  }

  /** The seq_num the next record must have at least, once known. */
  public OptionalLong nextSeqNum() {
    return isStartResolved() ? OptionalLong.of(nextSeqNum) : OptionalLong.empty();
  }

  /** Seq_num of the last delivered record, if any. */
  public OptionalLong lastSeqNum() {
    return delivered ? OptionalLong.of(lastSeqNum) : OptionalLong.empty();
  }

  /** Records delivered over all sessions. */
  public long deliveredCount() {
    return deliveredCount;
  }

  /** Metered bytes delivered over all sessions. */
  public long deliveredBytes() {
    return deliveredBytes;
  }

  /** The count limit still to deliver, never negative; empty without a count limit. */
  public OptionalLong remainingCount() {
    return remaining(spec.count(), deliveredCount);
  }

  /** The bytes limit still to deliver, never negative; empty without a bytes limit. */
  public OptionalLong remainingBytes() {
    return remaining(spec.bytes(), deliveredBytes);
  }

  /** True when a count or bytes limit is used up: the read is complete and must not reopen. */
  public boolean isExhausted() {
    return remainingCount().orElse(1) == 0 || remainingBytes().orElse(1) == 0;
  }

  /**
   * The wait still left of the spec's {@code wait} at {@code nowNanos}: the server ends a session
   * when the wait passes without a batch, so the clock runs from the last delivered batch (or from
   * the start). Empty when the spec has no wait.
   */
  public Optional<Duration> remainingWait(long nowNanos) {
    return spec.waitTime()
        .map(
            wait -> {
              Duration left = wait.minusNanos(Math.max(0, nowNanos - lastProgressNanos));
              return left.isNegative() ? Duration.ZERO : left;
            });
  }

  /**
   * Query parameters of a session that resumes this read.
   *
   * @throws IllegalStateException if the read is {@link #isExhausted() exhausted}
   */
  public Map<String, String> resumeQuery(long nowNanos) {
    if (isExhausted()) {
      throw new IllegalStateException(
          "read limits are exhausted (delivered "
              + deliveredCount
              + " records, "
              + deliveredBytes
              + " bytes): the read is complete and must not be reopened");
    }
    Map<String, String> query = new LinkedHashMap<>();
    StartAt start = spec.start();
    if (isStartResolved()) {
      query.put(StartAt.Kind.SEQ_NUM.queryParam(), Long.toUnsignedString(nextSeqNum));
    } else {
      query.put(start.kind().queryParam(), Long.toUnsignedString(start.value()));
    }
    putLimits(
        query,
        remainingCount(),
        remainingBytes(),
        remainingWait(nowNanos).map(ReadSpec::waitSeconds));
    return Collections.unmodifiableMap(query);
  }

  /**
   * The SSE {@code Last-Event-ID} header value {@code seq_num,count,bytes} for resuming with the
   * {@link #initialQuery() original query} (protocol §8): the server starts after {@code seq_num}
   * and subtracts {@code count}/{@code bytes} from the original limits. The counts are this
   * cursor's totals over all sessions, so repeated resumptions stay exact even on servers whose
   * ids restart at zero. Empty when no record has been delivered. Never combine it with {@link
   * #resumeQuery}, which already subtracts.
   */
  public Optional<String> lastEventId() {
    if (!delivered) {
      return Optional.empty();
    }
    return Optional.of(
        Long.toUnsignedString(lastSeqNum) + "," + deliveredCount + "," + deliveredBytes);
  }

  /** Renders query parameters as {@code a=1&b=2} (values here never need escaping). */
  public static String toQueryString(Map<String, String> query) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString();
  }

  private void putLimits(
      Map<String, String> query, OptionalLong count, OptionalLong bytes, Optional<Long> wait) {
    if (spec.start().isClamped()) {
      query.put("clamp", "true");
    }
    count.ifPresent(c -> query.put("count", Long.toString(c)));
    bytes.ifPresent(b -> query.put("bytes", Long.toString(b)));
    spec.until().ifPresent(u -> query.put("until", Long.toUnsignedString(u)));
    wait.ifPresent(w -> query.put("wait", Long.toString(w)));
  }

  private static OptionalLong remaining(OptionalLong limit, long delivered) {
    if (limit.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(0, limit.getAsLong() - delivered));
  }
}

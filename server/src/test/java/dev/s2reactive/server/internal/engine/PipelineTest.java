package dev.s2reactive.server.internal.engine;

import static dev.s2reactive.server.internal.engine.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.server.internal.storage.LogStore;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.ReadResult;
import dev.s2reactive.server.internal.storage.StreamState;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Appends over a store whose writes the test makes durable (or fail) one by one. */
class PipelineTest {

  /** A write the test releases. */
  record Write(long streamId, List<SequencedRecord> records, StreamState state,
      CompletableFuture<Void> future) {}

  static final class GatedStore implements LogStore {
    final InMemoryStorage inner = new InMemoryStorage();
    final List<Write> writes = new CopyOnWriteArrayList<>();

    @Override
    public Optional<StreamState> state(long streamId) {
      return inner.state(streamId);
    }

    @Override
    public CompletableFuture<Void> append(long id, List<SequencedRecord> records,
        StreamState state) {
      Write write = new Write(id, records, state, new CompletableFuture<>());
      writes.add(write);
      return write.future;
    }

    void release(int index) {
      Write w = writes.get(index);
      inner.append(w.streamId, w.records, w.state).join();
      w.future.complete(null);
    }

    void fail(int index) {
      writes.get(index).future.completeExceptionally(new IOException("disk on fire"));
    }

    @Override
    public ReadResult read(long streamId, long startSeqNum, ReadLimit limit) {
      return inner.read(streamId, startSeqNum, limit);
    }

    @Override
    public OptionalLong seqNumAtOrAfter(long streamId, long timestamp) {
      return inner.seqNumAtOrAfter(streamId, timestamp);
    }

    @Override
    public CompletableFuture<Void> trim(long streamId, long beforeSeqNum) {
      return inner.trim(streamId, beforeSeqNum);
    }

    @Override
    public CompletableFuture<Void> deleteStream(long streamId) {
      return inner.deleteStream(streamId);
    }
  }

  private final GatedStore store = new GatedStore();
  private final EngineHarness h =
      new EngineHarness(EngineOptions.defaults().withMaxPendingAppendsPerStream(3), store);

  @AfterEach
  void close() {
    h.close();
  }

  private static CompletableFuture<AppendAck> append(ActiveStream s, int n) {
    AppendRecord[] records = new AppendRecord[n];
    for (int i = 0; i < n; i++) {
      records[i] = AppendRecord.of("x" + i);
    }
    return s.append(AppendInput.of(records));
  }

  private static Throwable cause(CompletableFuture<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected failure");
  }

  @Test
  void sequencesAheadOfDurabilityButAcksInOrderOnlyWhenDurable() {
    ActiveStream s = h.stream(1);
    CompletableFuture<AppendAck> a = append(s, 2);
    CompletableFuture<AppendAck> b = append(s, 1);
    CompletableFuture<AppendAck> c = append(s, 1);
    await(() -> store.writes.size() == 3, "three writes submitted before any is durable");
    assertThat(store.writes.get(1).records().get(0).seqNum()).isEqualTo(2);
    assertThat(store.writes.get(2).records().get(0).seqNum()).isEqualTo(3);
    assertThat(List.of(a, b, c)).noneMatch(CompletableFuture::isDone);
    assertThat(s.checkTail().block()).isEqualTo(StreamPosition.ZERO);

    store.release(0);
    AppendAck ackA = a.join();
    assertThat(ackA.end().seqNum()).isEqualTo(2);
    assertThat(b).isNotDone();
    store.release(1);
    store.release(2);
    assertThat(b.join().start().seqNum()).isEqualTo(2);
    assertThat(c.join().end().seqNum()).isEqualTo(4);
    assertThat(s.checkTail().block().seqNum()).isEqualTo(4);
  }

  @Test
  void failedWriteFailsItAndEveryLaterInFlightAppendThenReloadsTail() {
    ActiveStream s = h.stream(1);
    CompletableFuture<AppendAck> ok = append(s, 1);
    await(() -> store.writes.size() == 1, "first write");
    store.release(0);
    ok.join();
    CompletableFuture<AppendAck> a = append(s, 2);
    CompletableFuture<AppendAck> b = append(s, 1);
    await(() -> store.writes.size() == 3, "pipelined writes");
    store.fail(1);
    // The later write claims success, but an earlier one failed: it must not be acknowledged.
    store.writes.get(2).future().complete(null);
    assertThat(cause(a)).isInstanceOf(S2Exception.class)
        .satisfies(e -> assertThat(((S2Exception) e).code()).isEqualTo("storage"));
    assertThat(cause(b)).isInstanceOf(S2Exception.class);
    assertThat(s.checkTail().block().seqNum()).isEqualTo(1);

    CompletableFuture<AppendAck> next = append(s, 1);
    await(() -> store.writes.size() == 4, "write after reload");
    assertThat(store.writes.get(3).records().get(0).seqNum()).isEqualTo(1);
    store.release(3);
    assertThat(next.join().start().seqNum()).isEqualTo(1);
  }

  @Test
  void tooManyPendingAppendsAreRejectedAsRetryable() {
    ActiveStream s = h.stream(1);
    List<CompletableFuture<AppendAck>> pending = List.of(append(s, 1), append(s, 1), append(s, 1));
    Throwable rejected = cause(append(s, 1));
    assertThat(rejected).isInstanceOf(S2Exception.class);
    assertThat(((S2Exception) rejected).status()).isEqualTo(429);
    assertThat(((S2Exception) rejected).isRetryable()).isTrue();
    await(() -> store.writes.size() == 3, "writes");
    for (int i = 0; i < 3; i++) {
      store.release(i);
    }
    pending.forEach(CompletableFuture::join);
    CompletableFuture<AppendAck> later = append(s, 1);
    await(() -> store.writes.size() == 4, "accepted again");
    store.release(3);
    assertThat(later.join().start().seqNum()).isEqualTo(3);
  }
}

package dev.s2reactive.server.internal.engine;

import static dev.s2reactive.server.internal.engine.EngineHarness.appendBodies;
import static dev.s2reactive.server.internal.engine.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

class FollowerTest {

  private final EngineHarness h =
      new EngineHarness(EngineOptions.defaults().withFollowerBufferBatches(4), null);

  @AfterEach
  void close() {
    h.close();
  }

  /** Collects delivered records and batches; requests only what the test tells it to. */
  static final class Reader extends BaseSubscriber<SharedBatch> {
    final List<Long> seqNums = new CopyOnWriteArrayList<>();
    final List<SharedBatch> liveBatches = new CopyOnWriteArrayList<>();
    final long initialRequest;
    volatile Throwable error;

    Reader(long initialRequest) {
      this.initialRequest = initialRequest;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      if (initialRequest > 0) {
        subscription.request(initialRequest);
      }
    }

    @Override
    protected void hookOnNext(SharedBatch batch) {
      for (SequencedRecord record : batch.batch().records()) {
        seqNums.add(record.seqNum());
      }
      if (!batch.batch().records().isEmpty() && batch.batch().tail().isPresent()) {
        liveBatches.add(batch);
      }
    }

    @Override
    protected void hookOnError(Throwable throwable) {
      error = throwable;
    }
  }

  private static List<Long> range(long n) {
    return range(0, n);
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @Test
  void slowFollowerDelaysNobodyAndCatchesUpExactly() {
    ActiveStream s = h.stream(1);
    ReadRequest request = ReadRequest.from(ReadStart.seqNum(0));
    List<Reader> fast = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Reader reader = new Reader(Long.MAX_VALUE);
      fast.add(reader);
      s.readSession(request).subscribe(reader);
    }
    Reader slow = new Reader(0);
    s.readSession(request).subscribe(slow);
    await(() -> s.followers.size() == 17, "all followers live");

    int batches = 200;
    for (int i = 0; i < batches; i++) {
      appendBodies(s, i * 3, 3);
    }
    int total = batches * 3;
    // The writer finished although the slow reader has requested nothing at all.
    assertThat(slow.seqNums).isEmpty();
    for (Reader reader : fast) {
      await(() -> reader.seqNums.size() >= total, "fast reader");
      assertThat(reader.seqNums).isEqualTo(range(total));
      assertThat(reader.error).isNull();
    }
    assertThat(slow.seqNums).isEmpty();

    slow.request(Long.MAX_VALUE);
    await(() -> slow.seqNums.size() >= total, "slow reader catch-up");
    assertThat(slow.seqNums).isEqualTo(range(total));
    // And it follows live again afterwards.
    appendBodies(s, total, 2);
    await(() -> slow.seqNums.size() >= total + 2, "slow reader live");
    assertThat(slow.seqNums).isEqualTo(range(total + 2));
    assertThat(slow.error).isNull();
    fast.forEach(Reader::dispose);
    slow.dispose();
    await(() -> s.followers.size() == 0, "followers removed");
  }

  @Test
  void followersShareOneLiveBatchInstance() {
    ActiveStream s = h.stream(1);
    List<Reader> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Reader reader = new Reader(Long.MAX_VALUE);
      readers.add(reader);
      s.readSession(ReadRequest.from(ReadStart.tail())).subscribe(reader);
    }
    await(() -> s.followers.size() == 3, "followers live");
    appendBodies(s, 0, 4);
    for (Reader reader : readers) {
      await(() -> reader.liveBatches.size() == 1, "live batch");
    }
    SharedBatch first = readers.get(0).liveBatches.get(0);
    for (Reader reader : readers) {
      assertThat(reader.liveBatches.get(0)).isSameAs(first);
    }
    // The encoded form is computed once and shared.
    Object encoded = first.encoded(0, b -> new Object());
    Object again = readers.get(1).liveBatches.get(0).encoded(0, b -> new Object());
    assertThat(again).isSameAs(encoded);
    readers.forEach(Reader::dispose);
  }

  /** A deliverer that runs its tasks only when told to: a busy event loop. */
  static final class HeldExecutor implements Executor {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    }
  }

  /**
   * Appends one record and runs the loop until every reader got it and every session waits on the
   * loop: from then on, deliveries happen only when the test runs the loop.
   */
  private static void untilLive(ActiveStream s, HeldExecutor loop, Reader... readers) {
    long seq = appendBodies(s, 0, 1).start().seqNum();
    for (Reader reader : readers) {
      await(() -> {
        loop.runAll();
        return reader.seqNums.contains(seq);
      }, "reader live");
      reader.seqNums.clear();
      reader.liveBatches.clear();
    }
    await(() -> {
      loop.runAll();
      return s.followers.snapshot().stream()
          .allMatch(follower -> ((ReadSession) follower).idleOnDeliverer());
    }, "sessions waiting on the loop");
  }

  @Test
  void batchesThatArriveWhileTheDelivererIsBusyGoOutTogether() {
    EngineHarness buffered =
        new EngineHarness(EngineOptions.defaults().withFollowerBufferBatches(8), null);
    try {
      ActiveStream s = buffered.stream(1);
      HeldExecutor loop = new HeldExecutor();
      Reader reader = new Reader(Long.MAX_VALUE);
      s.readSession(ReadRequest.from(ReadStart.tail()), loop).subscribe(reader);
      untilLive(s, loop, reader);
      for (int i = 0; i < 5; i++) {
        appendBodies(s, i * 3, 3);
      }
      assertThat(reader.seqNums).isEmpty();
      loop.runAll();
      assertThat(reader.liveBatches).hasSize(1);
      assertThat(reader.seqNums).isEqualTo(range(1, 16));
      assertThat(reader.liveBatches.get(0).batch().tail().orElseThrow().seqNum()).isEqualTo(16);

      // A lone batch is still the shared instance.
      appendBodies(s, 15, 2);
      loop.runAll();
      assertThat(reader.liveBatches).hasSize(2);
      assertThat(reader.seqNums).isEqualTo(range(1, 18));
      reader.dispose();
    } finally {
      buffered.close();
    }
  }

  @Test
  void mergedDeliveriesKeepToTheReadBatchLimitAndTheSessionsCount() {
    EngineHarness buffered =
        new EngineHarness(EngineOptions.defaults().withFollowerBufferBatches(8), null);
    try {
      ActiveStream s = buffered.stream(1);
      HeldExecutor loop = new HeldExecutor();
      Reader all = new Reader(Long.MAX_VALUE);
      Reader counted = new Reader(Long.MAX_VALUE);
      s.readSession(ReadRequest.from(ReadStart.tail()), loop).subscribe(all);
      // A bounded session follows only with a wait (protocol §7.4).
      ReadRequest first651 =
          ReadRequest.from(ReadStart.tail()).withCount(651).withWait(Duration.ofMinutes(1));
      s.readSession(first651, loop).subscribe(counted);
      untilLive(s, loop, all, counted);
      for (int i = 0; i < 3; i++) {
        appendBodies(s, i * 400, 400);
      }
      loop.runAll();
      // 400 + 400 fit one read batch (at most 1000 records); the third batch goes alone.
      assertThat(all.liveBatches).extracting(b -> b.batch().records().size())
          .containsExactly(800, 400);
      assertThat(all.seqNums).isEqualTo(range(1, 1201));
      assertThat(counted.seqNums).isEqualTo(range(1, 651));
      assertThat(counted.isDisposed()).isTrue();
      all.dispose();
    } finally {
      buffered.close();
    }
  }

  @Test
  void aMergedDeliveryStopsAtTheSessionsUntil() {
    EngineHarness buffered =
        new EngineHarness(EngineOptions.defaults().withFollowerBufferBatches(8), null);
    try {
      ActiveStream s = buffered.stream(1);
      HeldExecutor loop = new HeldExecutor();
      Reader reader = new Reader(Long.MAX_VALUE);
      long until = EngineHarness.START_MILLIS + 5;
      ReadRequest request = ReadRequest.from(ReadStart.tail()).withUntil(until)
          .withWait(Duration.ofMinutes(1));
      s.readSession(request, loop).subscribe(reader);
      untilLive(s, loop, reader);
      buffered.now.set(EngineHarness.START_MILLIS + 100); // client timestamps are capped at now
      for (int batch = 0; batch < 3; batch++) {
        List<AppendRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          long timestamp = EngineHarness.START_MILLIS + batch * 3 + i;
          records.add(AppendRecord.of("t").withTimestamp(timestamp));
        }
        EngineHarness.append(s, AppendInput.of(records));
      }
      loop.runAll();
      // Timestamps START+0..8 at seq 1..9: the session ends before the first at `until` (seq 6).
      assertThat(reader.liveBatches).hasSize(1);
      assertThat(reader.seqNums).isEqualTo(range(1, 6));
      assertThat(reader.isDisposed()).isTrue();
    } finally {
      buffered.close();
    }
  }
}

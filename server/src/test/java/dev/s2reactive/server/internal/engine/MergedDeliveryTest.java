package dev.s2reactive.server.internal.engine;

import static dev.s2reactive.server.internal.engine.EngineHarness.appendBodies;
import static dev.s2reactive.server.internal.engine.EngineHarness.await;
import static dev.s2reactive.server.internal.engine.FollowerTest.range;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.server.internal.engine.FollowerTest.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live batches that pile up while a session's deliverer (its connection's event loop) is busy go
 * out together: sessions here deliver on a held loop that runs only when the test says so.
 */
class MergedDeliveryTest {

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

  private final EngineHarness buffered =
      new EngineHarness(EngineOptions.defaults().withFollowerBufferBatches(8), null);
  private final ActiveStream s = buffered.stream(1);
  private final HeldExecutor loop = new HeldExecutor();

  @AfterEach
  void close() {
    buffered.close();
  }

  /** A following session on the held loop, live once {@link #untilLive} returns. */
  private Reader follow(ReadRequest request) {
    Reader reader = new Reader(Long.MAX_VALUE);
    s.readSession(request, loop).subscribe(reader);
    return reader;
  }

  /**
   * Appends one record and runs the loop until every reader got it and every session waits on
   * the loop: from then on, deliveries happen only when the test runs the loop.
   */
  private void untilLive(Reader... readers) {
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
    Reader reader = follow(ReadRequest.from(ReadStart.tail()));
    untilLive(reader);
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
  }

  @Test
  void mergedDeliveriesKeepToTheReadBatchLimitAndTheSessionsCount() {
    Reader all = follow(ReadRequest.from(ReadStart.tail()));
    // A bounded session follows only with a wait (protocol §7.4).
    Reader counted = follow(
        ReadRequest.from(ReadStart.tail()).withCount(651).withWait(Duration.ofMinutes(1)));
    untilLive(all, counted);
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
  }

  @Test
  void aMergedDeliveryStopsAtTheSessionsUntil() {
    long until = EngineHarness.START_MILLIS + 5;
    Reader reader = follow(
        ReadRequest.from(ReadStart.tail()).withUntil(until).withWait(Duration.ofMinutes(1)));
    untilLive(reader);
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
  }
}

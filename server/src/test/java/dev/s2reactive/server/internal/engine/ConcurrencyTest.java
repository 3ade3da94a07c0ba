package dev.s2reactive.server.internal.engine;

import static dev.s2reactive.server.internal.engine.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class ConcurrencyTest {

  private final EngineHarness h =
      new EngineHarness(EngineOptions.defaults().withFollowerBufferBatches(2), null);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void concurrentPipelinedWritersAndFollowersAgreeOnOneOrder() throws Exception {
    ActiveStream s = h.stream(1);
    List<List<Long>> seen = new ArrayList<>();
    List<Disposable> readers = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      List<Long> seqNums = new CopyOnWriteArrayList<>();
      seen.add(seqNums);
      readers.add(s.readSession(ReadRequest.from(ReadStart.seqNum(0)))
          .subscribe(b -> b.batch().records().forEach(rec -> seqNums.add(rec.seqNum()))));
    }
    int writers = 4;
    int batchesPerWriter = 50;
    List<CompletableFuture<AppendAck>> acks = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread thread = new Thread(() -> {
        for (int b = 0; b < batchesPerWriter; b++) {
          acks.add(s.append(AppendInput.of(
              AppendRecord.of("w" + writer + "b" + b + "a"),
              AppendRecord.of("w" + writer + "b" + b + "b"))));
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
    long total = (long) writers * batchesPerWriter * 2;
    boolean[] covered = new boolean[(int) total];
    for (CompletableFuture<AppendAck> future : acks) {
      AppendAck ack = future.get(10, TimeUnit.SECONDS);
      assertThat(ack.recordCount()).isEqualTo(2);
      assertThat(ack.tail().seqNum()).isGreaterThanOrEqualTo(ack.end().seqNum());
      for (long seq = ack.start().seqNum(); seq < ack.end().seqNum(); seq++) {
        assertThat(covered[(int) seq]).as("seq %d acked twice", seq).isFalse();
        covered[(int) seq] = true;
      }
    }
    List<Long> expected = LongStream.range(0, total).boxed().toList();
    for (List<Long> seqNums : seen) {
      await(() -> seqNums.size() >= total, "reader saw everything");
      assertThat(seqNums).isEqualTo(expected);
    }
    // Records of one batch stay together and in order.
    List<SequencedRecord> stored = s.read(ReadRequest.from(ReadStart.seqNum(0)).withCount(total))
        .flatMapIterable(b -> b.records()).collectList().block();
    for (int i = 0; i < stored.size(); i += 2) {
      assertThat(stored.get(i).body().utf8()).endsWith("a");
      assertThat(stored.get(i + 1).body().utf8())
          .isEqualTo(stored.get(i).body().utf8().replaceAll("a$", "b"));
    }
    readers.forEach(Disposable::dispose);
  }

  @Test
  void reconfigureAppliesToLaterAppends() {
    ActiveStream s = h.stream(1);
    EngineHarness.append(s, AppendInput.of(AppendRecord.of("a").withTimestamp(5)));
    h.engine.reconfigure(1, StreamSettings.DEFAULTS.withTimestamping(
        StreamSettings.Timestamping.ARRIVAL, false));
    assertThat(s.settings().timestamping()).isEqualTo(StreamSettings.Timestamping.ARRIVAL);
    AppendAck ack = EngineHarness.append(s, AppendInput.of(AppendRecord.of("b").withTimestamp(6)));
    assertThat(ack.start().timestamp()).isEqualTo(h.now.get());
  }
}

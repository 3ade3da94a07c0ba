package dev.s2reactive.server.internal.engine;

import static dev.s2reactive.server.internal.engine.EngineHarness.appendBodies;
import static dev.s2reactive.server.internal.engine.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.SequencedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

  static List<Long> range(long n) {
    return range(0, n);
  }

  static List<Long> range(long from, long to) {
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
}

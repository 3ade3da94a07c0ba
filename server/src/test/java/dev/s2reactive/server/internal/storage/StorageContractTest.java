package dev.s2reactive.server.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.server.internal.storage.MetaStore.MetaEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Storage} must do. Subclasses provide {@link #open(Path)}; stores that cannot
 * survive a close (in-memory) return false from {@link #supportsReopen()} and skip those tests.
 *
 * <p>Read stop reasons are checked in this order for the next record: {@code COUNT} once {@code
 * maxCount} records were returned (even if no more exist), then {@code END} (no stored record
 * before {@code endSeqNum}), then {@code UNTIL}, then {@code BYTES}.
 */
public abstract class StorageContractTest {

  private static final long A = 1;
  private static final long B = 2;
  private static final ReadLimit ALL = limit(Integer.MAX_VALUE, Long.MAX_VALUE, ReadLimit.NO_UNTIL);

  @TempDir protected Path dir;
  protected Storage storage;

  /** A store whose data lives in {@code dir} (reopening the same dir must see the same data). */
  protected abstract Storage open(Path dir);

  /** Whether data survives {@link Storage#close()} and a later {@link #open(Path)}. */
  protected boolean supportsReopen() {
    return true;
  }

  @BeforeEach
  void openStore() {
    storage = open(dir);
  }

  @AfterEach
  void closeStore() {
    if (storage != null) {
      storage.close();
    }
  }

  // ---- helpers ----

  protected static ReadLimit limit(int count, long bytes, long until) {
    return new ReadLimit(count, bytes, until, Long.MAX_VALUE);
  }

  protected static SequencedRecord record(long streamId, long seqNum, long timestamp) {
    List<Header> headers =
        seqNum % 3 == 0 ? List.of() : List.of(Header.of("h" + seqNum, "v" + streamId));
    return new SequencedRecord(
        seqNum, timestamp, headers, Bytes.utf8("body-" + streamId + "-" + seqNum));
  }

  protected static List<SequencedRecord> records(
      long streamId, long from, int count, LongUnaryOperator timestampOfSeq) {
    List<SequencedRecord> out = new ArrayList<>();
    for (long s = from; s < from + count; s++) {
      out.add(record(streamId, s, timestampOfSeq.applyAsLong(s)));
    }
    return out;
  }

  protected static StreamState stateAfter(List<SequencedRecord> batch) {
    return new StreamState(batch.get(batch.size() - 1).nextPosition(), "", 0);
  }

  protected static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("storage future failed", e);
    }
  }

  /** Appends {@code count} records from {@code from} with timestamp = seq_num × 10. */
  protected List<SequencedRecord> append(long streamId, long from, int count) {
    List<SequencedRecord> batch = records(streamId, from, count, s -> s * 10);
    await(storage.append(streamId, batch, stateAfter(batch)));
    return batch;
  }

  private static List<Long> seqNums(ReadResult result) {
    return result.records().stream().map(SequencedRecord::seqNum).toList();
  }

  private static Bytes key(int... unsigned) {
    byte[] b = new byte[unsigned.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) unsigned[i];
    }
    return Bytes.copyOf(b);
  }

  private static List<Bytes> keys(List<MetaEntry> entries) {
    return entries.stream().map(MetaEntry::key).toList();
  }

  private void reopen() {
    storage.close();
    storage = null;
    storage = open(dir);
  }

  // ---- streams ----

  @Test
  void unknownStreamIsEmpty() {
    assertThat(storage.state(A)).isEmpty();
    ReadResult result = storage.read(A, 0, ALL);
    assertThat(result.records()).isEmpty();
    assertThat(result.stop()).isEqualTo(ReadResult.Stop.END);
    assertThat(storage.seqNumAtOrAfter(A, 0)).isEmpty();
  }

  @Test
  void appendedRecordsReadBackExactly() {
    List<SequencedRecord> batch = new ArrayList<>();
    batch.add(new SequencedRecord(0, 5, List.of(), Bytes.EMPTY));
    batch.add(
        new SequencedRecord(
            1,
            5,
            List.of(new Header(Bytes.EMPTY, Bytes.utf8("fence-token"))),
            Bytes.EMPTY));
    batch.add(
        new SequencedRecord(
            2,
            7,
            List.of(
                Header.of(new byte[] {0, (byte) 0xFF}, new byte[0]),
                Header.of("dup", "1"),
                Header.of("dup", "2")),
            Bytes.copyOf(new byte[] {0, 1, (byte) 0x80, (byte) 0xFF})));
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + 7);
    }
    batch.add(new SequencedRecord(3, 9, List.of(Header.of("big", "yes")), Bytes.copyOf(big)));
    await(storage.append(A, batch, stateAfter(batch)));

    ReadResult result = storage.read(A, 0, ALL);
    assertThat(result.records()).containsExactlyElementsOf(batch);
    assertThat(result.stop()).isEqualTo(ReadResult.Stop.END);
    assertThat(storage.read(A, 2, ALL).records()).containsExactlyElementsOf(batch.subList(2, 4));
  }

  @Test
  void stateRoundTrips() {
    StreamState state = new StreamState(StreamPosition.of(0, 0), "tøken-✓", 0);
    await(storage.append(A, List.of(), state));
    assertThat(storage.state(A)).contains(state);

    List<SequencedRecord> batch = records(A, 0, 3, s -> 100 + s);
    StreamState next = new StreamState(StreamPosition.of(3, 102), "", 2);
    await(storage.append(A, batch, next));
    assertThat(storage.state(A)).contains(next);
    assertThat(storage.state(B)).isEmpty();

    StreamState highBits = new StreamState(StreamPosition.of(3, -2L), "x", -3L);
    await(storage.append(A, List.of(), highBits));
    assertThat(storage.state(A)).contains(highBits);
    assertThat(storage.read(A, 0, ALL).records()).containsExactlyElementsOf(batch);
  }

  @Test
  void successiveAppendsContinueTheLog() {
    List<SequencedRecord> all = new ArrayList<>();
    all.addAll(append(A, 0, 3));
    all.addAll(append(A, 3, 1));
    all.addAll(append(A, 4, 5));
    assertThat(storage.read(A, 0, ALL).records()).containsExactlyElementsOf(all);
    assertThat(seqNums(storage.read(A, 4, ALL))).containsExactly(4L, 5L, 6L, 7L, 8L);
    assertThat(storage.read(A, 9, ALL).records()).isEmpty();
    assertThat(storage.read(A, 9, ALL).stop()).isEqualTo(ReadResult.Stop.END);
    assertThat(storage.state(A).orElseThrow().tail()).isEqualTo(StreamPosition.of(9, 80));
  }

  @Test
  void streamsAreSeparate() {
    long[] ids = {0, A, B, Long.MAX_VALUE, Long.MIN_VALUE, -1L};
    for (int round = 0; round < 2; round++) {
      for (long id : ids) {
        append(id, round * 2L, 2);
      }
    }
    for (long id : ids) {
      ReadResult result = storage.read(id, 0, ALL);
      assertThat(result.records()).containsExactlyElementsOf(records(id, 0, 4, s -> s * 10));
      assertThat(result.stop()).isEqualTo(ReadResult.Stop.END);
      assertThat(storage.state(id).orElseThrow().tail().seqNum()).isEqualTo(4);
    }
  }

  @Test
  void readStopsAtCount() {
    append(A, 0, 10);
    ReadResult result = storage.read(A, 2, limit(3, Long.MAX_VALUE, ReadLimit.NO_UNTIL));
    assertThat(seqNums(result)).containsExactly(2L, 3L, 4L);
    assertThat(result.stop()).isEqualTo(ReadResult.Stop.COUNT);

    ReadResult exact = storage.read(A, 7, limit(3, Long.MAX_VALUE, ReadLimit.NO_UNTIL));
    assertThat(seqNums(exact)).containsExactly(7L, 8L, 9L);
    assertThat(exact.stop()).isEqualTo(ReadResult.Stop.COUNT);

    ReadResult none = storage.read(A, 0, limit(0, Long.MAX_VALUE, ReadLimit.NO_UNTIL));
    assertThat(none.records()).isEmpty();
    assertThat(none.stop()).isEqualTo(ReadResult.Stop.COUNT);
  }

  @Test
  void readStopsBeforeExceedingBytes() {
    List<SequencedRecord> batch = append(A, 0, 10);
    long first3 = 0;
    for (int i = 0; i < 3; i++) {
      first3 += batch.get(i).meteredBytes();
    }
    ReadResult exact = storage.read(A, 0, limit(100, first3, ReadLimit.NO_UNTIL));
    assertThat(seqNums(exact)).containsExactly(0L, 1L, 2L);
    assertThat(exact.stop()).isEqualTo(ReadResult.Stop.BYTES);

    ReadResult under = storage.read(A, 0, limit(100, first3 - 1, ReadLimit.NO_UNTIL));
    assertThat(seqNums(under)).containsExactly(0L, 1L);
    assertThat(under.stop()).isEqualTo(ReadResult.Stop.BYTES);

    ReadResult tooSmall = storage.read(A, 0, limit(100, 1, ReadLimit.NO_UNTIL));
    assertThat(tooSmall.records()).isEmpty();
    assertThat(tooSmall.stop()).isEqualTo(ReadResult.Stop.BYTES);

    long all = batch.stream().mapToLong(SequencedRecord::meteredBytes).sum();
    ReadResult everything = storage.read(A, 0, limit(100, all, ReadLimit.NO_UNTIL));
    assertThat(everything.records()).hasSize(10);
    assertThat(everything.stop()).isEqualTo(ReadResult.Stop.END);
  }

  @Test
  void readStopsAtUntilTimestampUnsigned() {
    long[] timestamps = {1, 5, 5, 9, Long.MAX_VALUE, Long.MIN_VALUE, -1L};
    List<SequencedRecord> batch = records(A, 0, timestamps.length, s -> timestamps[(int) s]);
    await(storage.append(A, batch, stateAfter(batch)));

    ReadResult result = storage.read(A, 0, limit(100, Long.MAX_VALUE, 5));
    assertThat(seqNums(result)).containsExactly(0L);
    assertThat(result.stop()).isEqualTo(ReadResult.Stop.UNTIL);

    ReadResult beyondSignedMax = storage.read(A, 0, limit(100, Long.MAX_VALUE, Long.MIN_VALUE));
    assertThat(seqNums(beyondSignedMax)).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(beyondSignedMax.stop()).isEqualTo(ReadResult.Stop.UNTIL);

    ReadResult noUntil = storage.read(A, 0, ALL);
    assertThat(noUntil.records()).containsExactlyElementsOf(batch);
    assertThat(noUntil.stop()).isEqualTo(ReadResult.Stop.END);

    ReadResult untilFirst = storage.read(A, 0, limit(100, Long.MAX_VALUE, 1));
    assertThat(untilFirst.records()).isEmpty();
    assertThat(untilFirst.stop()).isEqualTo(ReadResult.Stop.UNTIL);
  }

  @Test
  void readStopsAtEndSeqNum() {
    append(A, 0, 10);
    ReadResult result = storage.read(A, 3, new ReadLimit(100, Long.MAX_VALUE, -1L, 6));
    assertThat(seqNums(result)).containsExactly(3L, 4L, 5L);
    assertThat(result.stop()).isEqualTo(ReadResult.Stop.END);

    ReadResult empty = storage.read(A, 6, new ReadLimit(100, Long.MAX_VALUE, -1L, 6));
    assertThat(empty.records()).isEmpty();
    assertThat(empty.stop()).isEqualTo(ReadResult.Stop.END);

    // End is checked before until and bytes.
    ReadResult endFirst = storage.read(A, 6, new ReadLimit(100, 0, 0, 6));
    assertThat(endFirst.stop()).isEqualTo(ReadResult.Stop.END);
  }

  @Test
  void seqNumAtOrAfterUsesTimestampsAcrossBatches() {
    long[] ts = {10, 10, 20, 20, 20, 30, 30, Long.MIN_VALUE};
    List<SequencedRecord> first = records(A, 0, 3, s -> ts[(int) s]);
    List<SequencedRecord> second = records(A, 3, 5, s -> ts[(int) s]);
    await(storage.append(A, first, stateAfter(first)));
    await(storage.append(A, second, stateAfter(second)));
    append(B, 0, 3); // timestamps 0, 10, 20 in another stream

    assertThat(storage.seqNumAtOrAfter(A, 0)).hasValue(0);
    assertThat(storage.seqNumAtOrAfter(A, 10)).hasValue(0);
    assertThat(storage.seqNumAtOrAfter(A, 11)).hasValue(2);
    assertThat(storage.seqNumAtOrAfter(A, 20)).hasValue(2);
    assertThat(storage.seqNumAtOrAfter(A, 25)).hasValue(5);
    assertThat(storage.seqNumAtOrAfter(A, 30)).hasValue(5);
    assertThat(storage.seqNumAtOrAfter(A, 31)).hasValue(7);
    assertThat(storage.seqNumAtOrAfter(A, Long.MIN_VALUE)).hasValue(7);
    assertThat(storage.seqNumAtOrAfter(A, Long.MIN_VALUE + 1)).isEmpty();
    assertThat(storage.seqNumAtOrAfter(B, 15)).hasValue(2);
    assertThat(storage.seqNumAtOrAfter(B, 21)).isEmpty();

    await(storage.trim(A, 3));
    assertThat(storage.seqNumAtOrAfter(A, 0)).hasValue(3);
    assertThat(storage.seqNumAtOrAfter(A, 20)).hasValue(3);
    assertThat(storage.seqNumAtOrAfter(A, 25)).hasValue(5);
  }

  @Test
  void trimMakesEarlierRecordsUnreadable() {
    append(A, 0, 10);
    append(B, 0, 10);
    await(storage.trim(A, 0));
    assertThat(storage.read(A, 0, ALL).records()).hasSize(10);

    await(storage.trim(A, 4));
    ReadResult result = storage.read(A, 0, ALL);
    assertThat(seqNums(result)).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(result.stop()).isEqualTo(ReadResult.Stop.END);
    assertThat(seqNums(storage.read(A, 2, limit(2, Long.MAX_VALUE, -1L)))).containsExactly(4L, 5L);
    assertThat(storage.read(B, 0, ALL).records()).hasSize(10);
    assertThat(storage.state(A).orElseThrow().tail().seqNum()).isEqualTo(10);

    // The protocol never moves the trim point beyond the tail; trimming to the tail empties it.
    await(storage.trim(A, 10));
    assertThat(storage.read(A, 0, ALL).records()).isEmpty();
    assertThat(storage.seqNumAtOrAfter(A, 0)).isEmpty();
    append(A, 10, 2);
    assertThat(seqNums(storage.read(A, 0, ALL))).containsExactly(10L, 11L);
    assertThat(storage.seqNumAtOrAfter(A, 0)).hasValue(10);
  }

  @Test
  void largeAppendsReadAndTrimAnywhere() {
    List<SequencedRecord> big = records(A, 0, 2500, s -> s / 100);
    await(storage.append(A, big, stateAfter(big)));
    List<SequencedRecord> more = records(A, 2500, 1200, s -> s / 100);
    await(storage.append(A, more, stateAfter(more)));
    List<SequencedRecord> all = new ArrayList<>(big);
    all.addAll(more);
    assertThat(storage.read(A, 0, ALL).records()).containsExactlyElementsOf(all);
    for (long start : new long[] {1, 999, 1000, 1001, 2499, 2500, 3699}) {
      ReadResult result = storage.read(A, start, limit(3, Long.MAX_VALUE, ReadLimit.NO_UNTIL));
      assertThat(result.records())
          .containsExactlyElementsOf(all.subList((int) start, (int) Math.min(start + 3, 3700)));
    }
    assertThat(storage.seqNumAtOrAfter(A, 25)).hasValue(2500);
    ReadResult until = storage.read(A, 1990, limit(100, Long.MAX_VALUE, 20));
    assertThat(seqNums(until)).hasSize(10).endsWith(1999L);
    assertThat(until.stop()).isEqualTo(ReadResult.Stop.UNTIL);

    for (long trim : new long[] {999, 1500, 2100, 3000}) {
      await(storage.trim(A, trim));
      ReadResult result = storage.read(A, 0, limit(2, Long.MAX_VALUE, ReadLimit.NO_UNTIL));
      assertThat(seqNums(result)).containsExactly(trim, trim + 1);
      assertThat(storage.read(A, trim - 1, ALL).records())
          .containsExactlyElementsOf(all.subList((int) trim, 3700));
      assertThat(storage.seqNumAtOrAfter(A, 0)).hasValue(trim);
    }
  }

  @Test
  void deleteStreamRemovesRecordsAndState() {
    append(A, 0, 5);
    append(B, 0, 5);
    await(storage.deleteStream(A));
    assertThat(storage.state(A)).isEmpty();
    assertThat(storage.read(A, 0, ALL).records()).isEmpty();
    assertThat(storage.seqNumAtOrAfter(A, 0)).isEmpty();
    assertThat(storage.read(B, 0, ALL).records()).hasSize(5);
    assertThat(storage.state(B)).isPresent();

    long fresh = 3;
    assertThat(storage.state(fresh)).isEmpty();
    assertThat(storage.read(fresh, 0, ALL).records()).isEmpty();
    List<SequencedRecord> batch = append(fresh, 0, 2);
    assertThat(storage.read(fresh, 0, ALL).records()).containsExactlyElementsOf(batch);

    await(storage.deleteStream(-1L)); // the largest id has a range end too
    assertThat(storage.read(B, 0, ALL).records()).hasSize(5);
  }

  // ---- meta ----

  @Test
  void metaPutGetDelete() {
    assertThat(storage.get(Bytes.utf8("k"))).isEmpty();
    await(storage.write(new MetaBatch().put(Bytes.utf8("k"), Bytes.utf8("v1"))));
    assertThat(storage.get(Bytes.utf8("k"))).contains(Bytes.utf8("v1"));
    await(storage.write(new MetaBatch().put(Bytes.utf8("k"), Bytes.EMPTY)));
    assertThat(storage.get(Bytes.utf8("k"))).contains(Bytes.EMPTY);
    await(storage.write(new MetaBatch().delete(Bytes.utf8("k"))));
    assertThat(storage.get(Bytes.utf8("k"))).isEmpty();
    await(storage.write(new MetaBatch()));
    assertThat(storage.get(Bytes.utf8("k"))).isEmpty();
  }

  @Test
  void metaBatchAppliesOpsInOrder() {
    Bytes k1 = Bytes.utf8("a/1");
    Bytes k2 = Bytes.utf8("a/2");
    await(storage.write(new MetaBatch().put(k1, Bytes.utf8("old"))));
    await(
        storage.write(
            new MetaBatch()
                .put(k1, Bytes.utf8("x"))
                .delete(k1)
                .delete(k2)
                .put(k2, Bytes.utf8("y"))
                .put(Bytes.utf8("a/3"), Bytes.utf8("z"))));
    assertThat(storage.get(k1)).isEmpty();
    assertThat(storage.get(k2)).contains(Bytes.utf8("y"));
    assertThat(storage.get(Bytes.utf8("a/3"))).contains(Bytes.utf8("z"));
  }

  @Test
  void metaScanIsUnsignedPrefixStartAfterAndLimit() {
    List<Bytes> all =
        List.of(
            key(0x01),
            key(0x10),
            key(0x10, 0x00),
            key(0x10, 0x01),
            key(0x10, 0x7F),
            key(0x10, 0x80),
            key(0x10, 0xFF),
            key(0x10, 0xFF, 0x00),
            key(0x11),
            key(0x80),
            key(0xFF, 0xFF));
    List<Bytes> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new java.util.Random(42));
    MetaBatch batch = new MetaBatch();
    for (Bytes k : shuffled) {
      batch.put(k, Bytes.utf8("v" + all.indexOf(k)));
    }
    await(storage.write(batch));

    assertThat(keys(storage.scan(Bytes.EMPTY, null, 100))).containsExactlyElementsOf(all);
    assertThat(keys(storage.scan(Bytes.EMPTY, Bytes.EMPTY, 100))).containsExactlyElementsOf(all);
    List<MetaEntry> withValues = storage.scan(key(0x80), Bytes.EMPTY, 100);
    assertThat(withValues).containsExactly(new MetaEntry(key(0x80), Bytes.utf8("v9")));

    Bytes prefix = key(0x10);
    List<Bytes> under = all.subList(1, 8);
    assertThat(keys(storage.scan(prefix, Bytes.EMPTY, 100))).containsExactlyElementsOf(under);
    assertThat(keys(storage.scan(prefix, key(0x10), 100)))
        .containsExactlyElementsOf(all.subList(2, 8));
    assertThat(keys(storage.scan(prefix, key(0x10, 0x7F), 100)))
        .containsExactlyElementsOf(all.subList(5, 8));
    assertThat(keys(storage.scan(prefix, key(0x10, 0x50), 100)))
        .containsExactlyElementsOf(all.subList(4, 8));
    assertThat(keys(storage.scan(prefix, key(0x05), 100))).containsExactlyElementsOf(under);
    assertThat(keys(storage.scan(prefix, key(0x10, 0xFF, 0x00), 100))).isEmpty();
    assertThat(keys(storage.scan(prefix, key(0x20), 100))).isEmpty();
    assertThat(keys(storage.scan(prefix, Bytes.EMPTY, 3)))
        .containsExactlyElementsOf(all.subList(1, 4));
    assertThat(keys(storage.scan(prefix, key(0x10, 0x01), 2)))
        .containsExactlyElementsOf(all.subList(4, 6));
    assertThat(storage.scan(prefix, Bytes.EMPTY, 0)).isEmpty();
    assertThat(storage.scan(key(0x12), Bytes.EMPTY, 100)).isEmpty();
  }

  @Test
  void metaAndRecordsAreSeparate() {
    append(A, 0, 3);
    assertThat(storage.scan(Bytes.EMPTY, null, 100)).isEmpty();
    await(storage.write(new MetaBatch().put(Bytes.utf8("x"), Bytes.utf8("y"))));
    assertThat(storage.read(A, 0, ALL).records()).hasSize(3);
  }

  // ---- ordering ----

  @Test
  void writesCompleteInSubmissionOrder() {
    int n = 300;
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    long[] next = new long[4];
    for (int i = 0; i < n; i++) {
      CompletableFuture<Void> f;
      int kind = i % 5;
      if (kind == 4) {
        f = storage.write(new MetaBatch().put(Bytes.utf8("order/" + i), Bytes.utf8("" + i)));
      } else {
        long stream = 10 + kind;
        int count = 1 + i % 7;
        List<SequencedRecord> batch = records(stream, next[kind], count, s -> s);
        next[kind] += count;
        f = storage.append(stream, batch, stateAfter(batch));
      }
      int index = i;
      List<CompletableFuture<Void>> earlier = List.copyOf(futures);
      f.whenComplete(
          (v, e) -> {
            completed.add(index);
            for (int j = 0; j < earlier.size(); j++) {
              if (!earlier.get(j).isDone()) {
                violations.add(index + " completed before " + j);
              }
            }
          });
      futures.add(f);
    }
    futures.forEach(StorageContractTest::await);
    assertThat(violations).isEmpty();
    // Not sorted: a callback registered on an already completed future runs on this thread, so
    // the order of the list says nothing about completion order; the violation check above does.
    assertThat(completed).hasSize(n);
    for (int kind = 0; kind < 4; kind++) {
      assertThat(storage.read(10 + kind, 0, ALL).records()).hasSize((int) next[kind]);
    }
    assertThat(storage.scan(Bytes.utf8("order/"), null, 1000)).hasSize(n / 5);
  }

  // ---- recovery ----

  @Test
  void everythingSurvivesReopen() {
    assumeTrue(supportsReopen(), "store does not survive close");
    List<SequencedRecord> a = append(A, 0, 10);
    append(B, 0, 3);
    StreamState stateA = new StreamState(StreamPosition.of(10, 90), "fence", 4);
    await(storage.append(A, List.of(), stateA));
    await(storage.trim(A, 4));
    await(storage.deleteStream(B));
    await(storage.write(new MetaBatch().put(Bytes.utf8("m1"), Bytes.utf8("v1"))));
    await(storage.write(new MetaBatch().put(Bytes.utf8("m2"), Bytes.utf8("v2"))));
    await(storage.write(new MetaBatch().delete(Bytes.utf8("m1"))));

    reopen();

    assertThat(storage.read(A, 0, ALL).records()).containsExactlyElementsOf(a.subList(4, 10));
    assertThat(storage.state(A)).contains(stateA);
    assertThat(storage.seqNumAtOrAfter(A, 55)).hasValue(6);
    assertThat(storage.state(B)).isEmpty();
    assertThat(storage.read(B, 0, ALL).records()).isEmpty();
    assertThat(storage.get(Bytes.utf8("m1"))).isEmpty();
    assertThat(keys(storage.scan(Bytes.EMPTY, null, 10))).containsExactly(Bytes.utf8("m2"));

    List<SequencedRecord> more = append(A, 10, 2);
    assertThat(storage.read(A, 10, ALL).records()).containsExactlyElementsOf(more);
  }

  @Test
  void closeWaitsForPendingWrites() {
    assumeTrue(supportsReopen(), "store does not survive close");
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      List<SequencedRecord> batch = records(A, i * 4L, 4, s -> s);
      futures.add(storage.append(A, batch, stateAfter(batch)));
    }
    futures.add(storage.write(new MetaBatch().put(Bytes.utf8("last"), Bytes.utf8("yes"))));
    storage.close();
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    storage = open(dir);
    assertThat(storage.read(A, 0, ALL).records()).hasSize(200);
    assertThat(storage.state(A).map(StreamState::tail)).contains(StreamPosition.of(200, 199));
    assertThat(storage.get(Bytes.utf8("last"))).isEqualTo(Optional.of(Bytes.utf8("yes")));
  }

  @Test
  void emptyStoreReopensEmpty() {
    assumeTrue(supportsReopen(), "store does not survive close");
    reopen();
    assertThat(storage.state(A)).isEmpty();
    assertThat(storage.scan(Bytes.EMPTY, null, 10)).isEmpty();
    assertThat(storage.seqNumAtOrAfter(A, 0)).isEqualTo(OptionalLong.empty());
  }
}

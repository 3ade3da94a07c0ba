package dev.s2reactive.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.DeleteOnEmpty;
import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.server.internal.catalog.AutoCreate;
import dev.s2reactive.server.internal.catalog.Catalog;
import dev.s2reactive.server.internal.engine.ActiveStream;
import dev.s2reactive.server.internal.engine.EngineOptions;
import dev.s2reactive.server.internal.engine.StreamEngine;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.Storage;
import dev.s2reactive.server.internal.storage.StreamState;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import dev.s2reactive.server.internal.storage.rocksdb.RocksDbStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retention and delete-on-empty over every catalog stream, with a fake clock and the pass invoked
 * directly. A "restart" builds a new engine and catalog over the same storage (in-memory: the same
 * instance; RocksDB: reopened from its directory).
 */
class StreamSweeperTest {

  private static final String BASIN = "sweep-basin";
  private static final long T0 = 1_700_000_000_000L;

  enum Kind {
    MEMORY,
    ROCKSDB
  }

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(T0);
  private Kind kind = Kind.MEMORY;
  private InMemoryStorage memory;
  private Node node;

  /** One server life: storage, engine, catalog and a manual sweeper. */
  private final class Node implements AutoCloseable {
    final Storage storage;
    final StreamEngine engine;
    final CatalogEngineBridge bridge;
    final Catalog catalog;
    final StreamSweeper sweeper;
    // Clean-ups (after a deletion is recorded) wait here until released, so a test can see the
    // deleted_at state before the entry goes.
    final List<Runnable> cleanups = new CopyOnWriteArrayList<>();

    Node() {
      storage = kind == Kind.MEMORY ? memory : RocksDbStorage.open(dir);
      EngineOptions options =
          EngineOptions.defaults().withClock(now::get).withRetentionInterval(Duration.ZERO);
      engine = new StreamEngine(storage, options);
      bridge = new CatalogEngineBridge(engine);
      catalog =
          Catalog.load(storage, bridge, cleanups::add, options.clock().toClock());
      bridge.attach(catalog);
      sweeper = StreamSweeper.manual(catalog, engine);
    }

    void releaseCleanups() {
      for (Runnable cleanup : cleanups) {
        cleanups.remove(cleanup);
        ForkJoinPool.commonPool().execute(cleanup);
      }
    }

    void sweep() {
      sweeper.sweep().block(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
      sweeper.close();
      engine.close();
      if (kind == Kind.ROCKSDB) {
        storage.close();
      }
    }
  }

  private Node start(Kind storageKind) {
    kind = storageKind;
    memory = new InMemoryStorage();
    node = new Node();
    node.catalog.createBasin(CreateBasinRequest.of(BASIN), Optional.empty()).block();
    return node;
  }

  private Node restart() {
    node.close();
    node = new Node();
    return node;
  }

  @AfterEach
  void tearDown() {
    if (node != null) {
      node.close();
    }
    if (memory != null) {
      memory.close();
    }
  }

  private long create(String name, StreamConfig config) {
    node.catalog.createStream(BASIN, CreateStreamRequest.of(name, config), Optional.empty())
        .block();
    return node.bridge.resolveEntry(BASIN, name, AutoCreate.NEVER).block().id();
  }

  private static StreamConfig config(RetentionPolicy retention, long deleteOnEmptySecs) {
    return StreamConfig.builder()
        .retentionPolicy(retention)
        .deleteOnEmpty(DeleteOnEmpty.of(deleteOnEmptySecs))
        .build();
  }

  private void append(String name, AppendRecord... records) {
    ActiveStream stream = node.bridge.resolve(BASIN, name, AutoCreate.NEVER).block();
    try {
      stream.append(AppendInput.of(List.of(records))).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void appendBodies(String name, int n) {
    List<AppendRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(AppendRecord.of("r" + i));
    }
    append(name, records.toArray(AppendRecord[]::new));
  }

  private List<Long> storedSeqNums(long id) {
    List<Long> seqNums = new ArrayList<>();
    for (SequencedRecord record :
        node.storage.read(id, 0, new ReadLimit(1000, Long.MAX_VALUE, ReadLimit.NO_UNTIL, -1))
            .records()) {
      seqNums.add(record.seqNum());
    }
    return seqNums;
  }

  private StreamInfo listed(String name) {
    return node.catalog.listStreams(BASIN, name, "", 1000, Optional::of).streams().stream()
        .filter(info -> info.name().equals(name))
        .findFirst()
        .orElse(null);
  }

  private boolean isDeleting(String name) {
    StreamInfo info = listed(name);
    return info != null && info.deletedAt().isPresent();
  }

  private void advanceMillis(long millis) {
    now.addAndGet(millis);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void retentionTrimsAStreamNobodyOpenedSinceARestart(Kind storageKind) {
    start(storageKind);
    long aged = create("aged", config(RetentionPolicy.age(60), 0));
    long kept = create("kept", config(RetentionPolicy.infinite(), 0));
    appendBodies("aged", 3);
    appendBodies("kept", 2);
    advanceMillis(30_000);
    appendBodies("aged", 2);

    restart();
    advanceMillis(40_000); // the first three records are now 70 s old, the last two 40 s
    node.sweep();
    assertThat(storedSeqNums(aged)).containsExactly(3L, 4L);
    assertThat(node.storage.state(aged).orElseThrow().trimPoint()).isEqualTo(3);
    assertThat(storedSeqNums(kept)).containsExactly(0L, 1L);

    restart();
    advanceMillis(20_000);
    node.sweep();
    assertThat(storedSeqNums(aged)).as("exactly 60 s old: not older than the age").hasSize(2);
    advanceMillis(1);
    node.sweep();
    assertThat(storedSeqNums(aged)).isEmpty();
    StreamState state = node.storage.state(aged).orElseThrow();
    assertThat(state.tail().seqNum()).as("the tail survives trimming").isEqualTo(5);
    assertThat(state.trimPoint()).isEqualTo(5);
    assertThat(storedSeqNums(kept)).containsExactly(0L, 1L);

    restart();
    appendBodies("aged", 1);
    assertThat(storedSeqNums(aged)).as("appends continue after the tail").containsExactly(5L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void retentionAndTrimCommandsShareOneTrimPointThatOnlyMovesForward(Kind storageKind) {
    start(storageKind);
    long id = create("shared", config(RetentionPolicy.age(60), 0));
    appendBodies("shared", 5);
    advanceMillis(30_000);
    appendBodies("shared", 2);
    restart();
    advanceMillis(31_000);
    node.sweep();
    assertThat(node.storage.state(id).orElseThrow().trimPoint()).isEqualTo(5);

    restart();
    append("shared", AppendRecord.trim(2)); // seq_num 7; an earlier trim point is a no-op
    assertThat(node.storage.state(id).orElseThrow().trimPoint()).isEqualTo(5);
    await(() -> storedSeqNums(id).equals(List.of(5L, 6L, 7L)), "records 5..7 only");
    assertThat(storedSeqNums(id)).containsExactly(5L, 6L, 7L);
  }

  @Test
  void retentionIsNotAppliedBeforeTheAgeHasPassed() {
    start(Kind.MEMORY);
    long id = create("young", config(RetentionPolicy.age(60), 0));
    appendBodies("young", 2);
    restart();
    advanceMillis(59_999);
    node.sweep();
    assertThat(storedSeqNums(id)).containsExactly(0L, 1L);
    assertThat(node.engine.find(id)).as("nothing to trim: the stream is not opened").isEmpty();
    advanceMillis(2);
    node.sweep();
    assertThat(storedSeqNums(id)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void deleteOnEmptyDeletesANeverWrittenStreamAfterItsMinAgeAndNotBefore(Kind storageKind) {
    start(storageKind);
    long id = create("idle", config(RetentionPolicy.age(60), 100));
    restart();
    advanceMillis(99_999);
    node.sweep();
    assertThat(isDeleting("idle")).isFalse();
    assertThat(node.catalog.streamConfig(BASIN, "idle")).isNotNull();

    advanceMillis(1);
    node.sweep();
    assertThat(isDeleting("idle")).as("listed with deleted_at until cleaned up").isTrue();
    assertThatThrownBy(() -> node.catalog.streamConfig(BASIN, "idle"))
        .isInstanceOf(S2Exception.class)
        .hasMessage("stream deletion pending");
    node.releaseCleanups();
    await(() -> listed("idle") == null, "the clean-up to remove the stream");
    assertThat(node.storage.state(id)).isEmpty();
  }

  @Test
  void deleteOnEmptyCountsFromWhenTheLastRecordExpired() {
    start(Kind.MEMORY);
    long id = create("expiring", config(RetentionPolicy.age(60), 100));
    appendBodies("expiring", 2);
    advanceMillis(61_000);
    node.sweep(); // expires both records: empty from now on
    assertThat(storedSeqNums(id)).isEmpty();
    assertThat(isDeleting("expiring")).isFalse();
    advanceMillis(99_999);
    node.sweep();
    assertThat(isDeleting("expiring")).isFalse();
    advanceMillis(1);
    node.sweep();
    assertThat(isDeleting("expiring")).isTrue();
  }

  @Test
  void deleteOnEmptyCountsFromATrimCommandThatEmptiedTheStream() {
    start(Kind.MEMORY);
    create("trimmed", config(RetentionPolicy.infinite(), 10));
    appendBodies("trimmed", 2);
    append("trimmed", AppendRecord.trim(3)); // trims itself too
    advanceMillis(500_000);
    node.sweep(); // first sees it empty: the count starts here
    assertThat(isDeleting("trimmed")).isFalse();
    advanceMillis(10_000);
    node.sweep();
    assertThat(isDeleting("trimmed")).isTrue();
  }

  @Test
  void deleteOnEmptyNeverDeletesAStreamWithRecords() {
    start(Kind.MEMORY);
    long id = create("full", config(RetentionPolicy.infinite(), 1));
    appendBodies("full", 1);
    for (int i = 0; i < 3; i++) {
      advanceMillis(1_000_000);
      node.sweep();
      restart();
    }
    assertThat(isDeleting("full")).isFalse();
    assertThat(storedSeqNums(id)).containsExactly(0L);
  }

  @Test
  void anAppendToAnEmptyStreamRestartsTheCount() {
    start(Kind.MEMORY);
    create("revived", config(RetentionPolicy.age(60), 100));
    appendBodies("revived", 1);
    advanceMillis(61_000);
    node.sweep(); // empty from T0 + 61 s
    advanceMillis(90_000);
    appendBodies("revived", 1); // at T0 + 151 s
    advanceMillis(15_000);
    node.sweep(); // T0 + 166 s: 105 s after it first became empty, but it holds a record
    assertThat(isDeleting("revived")).isFalse();
  }

  @Test
  void deleteOnEmptyDisabledKeepsEmptyStreams() {
    start(Kind.MEMORY);
    create("forever", config(RetentionPolicy.age(60), 0));
    advanceMillis(10_000_000);
    node.sweep();
    assertThat(isDeleting("forever")).isFalse();
  }

  @Test
  void anEmptyCheckDoesNotDeleteAStreamWhoseAppendLandedFirst() throws Exception {
    start(Kind.MEMORY);
    long id = create("raced", config(RetentionPolicy.infinite(), 1));
    assertThat(node.engine.durableState(id).block().tail().seqNum()).isZero();
    appendBodies("raced", 1); // lands after the sweep looked, before it deletes
    assertThat(node.engine.deleteIfEmpty(id, CatalogEngineBridge.settings(
        node.catalog.streamConfig(BASIN, "raced"))).get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(storedSeqNums(id)).containsExactly(0L);
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}

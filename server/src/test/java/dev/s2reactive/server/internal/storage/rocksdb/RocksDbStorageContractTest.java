package dev.s2reactive.server.internal.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.server.internal.storage.MetaBatch;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.Storage;
import dev.s2reactive.server.internal.storage.StorageContractTest;
import dev.s2reactive.server.internal.storage.StreamState;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RocksDbStorageContractTest extends StorageContractTest {

  @Override
  protected Storage open(Path dir) {
    return RocksDbStorage.open(dir);
  }

  @Test
  void closedStoreRejectsWritesAndReads() {
    storage.close();
    CompletableFuture<Void> append = storage.append(1, List.of(), StreamState.EMPTY);
    CompletableFuture<Void> meta = storage.write(new MetaBatch().delete(Bytes.utf8("k")));
    assertThat(append).isCompletedExceptionally();
    assertThat(meta).isCompletedExceptionally();
    assertThatThrownBy(() -> storage.read(1, 0, new ReadLimit(1, 1, -1L, -1L)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> storage.state(1)).isInstanceOf(IllegalStateException.class);
    storage.close(); // idempotent
  }

  @Test
  void appendRejectsGapsInsideABatch() {
    var gap = List.of(record(1, 0, 1), record(1, 2, 1));
    assertThat(storage.append(1, gap, new StreamState(gap.get(1).nextPosition(), "", 0)))
        .isCompletedExceptionally();
    assertThat(storage.state(1)).isEmpty();
  }

  @Test
  void fullQueueFailsFastInsteadOfBlocking() throws Exception {
    try (RocksDbStorage small = RocksDbStorage.open(dir.resolve("small"), 2, 1 << 20)) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch writerHeld = new CountDownLatch(1);
      // A completion callback runs on the writer thread: holding it there keeps the queue full.
      // (If a write completed before its callback was attached, the callback runs here: retry.)
      for (int i = 0; i < 100 && writerHeld.getCount() > 0; i++) {
        small
            .write(put("first"))
            .thenRun(
                () -> {
                  if (Thread.currentThread().getName().startsWith("rocksdb-writer")) {
                    writerHeld.countDown();
                    awaitUninterruptibly(release);
                  }
                });
        writerHeld.await(1, TimeUnit.SECONDS);
      }
      assertThat(writerHeld.getCount()).isZero();
      CompletableFuture<Void> second = small.write(put("second"));
      CompletableFuture<Void> third = small.write(put("third"));
      CompletableFuture<Void> rejected = small.write(put("rejected"));
      assertThat(rejected).isCompletedExceptionally();
      assertThatThrownBy(rejected::join).hasCauseInstanceOf(RejectedExecutionException.class);
      CompletableFuture<Void> tooBig =
          small.write(new MetaBatch().put(Bytes.utf8("big"), Bytes.copyOf(new byte[2 << 20])));
      assertThatThrownBy(tooBig::join).hasCauseInstanceOf(RejectedExecutionException.class);
      release.countDown();
      CompletableFuture.allOf(second, third).get(30, TimeUnit.SECONDS);
      assertThat(small.get(Bytes.utf8("third"))).isPresent();
      assertThat(small.get(Bytes.utf8("rejected"))).isEmpty();
      // Once drained, a write larger than the byte bound is admitted on its own.
      small.write(new MetaBatch().put(Bytes.utf8("big"), Bytes.copyOf(new byte[2 << 20])))
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static MetaBatch put(String key) {
    return new MetaBatch().put(Bytes.utf8(key), Bytes.utf8("v"));
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void groupCommitNeverSyncsMoreThanOncePerWrite() {
    RocksDbStorage rocks = (RocksDbStorage) storage;
    long before = rocks.syncCount();
    CompletableFuture<?>[] futures = new CompletableFuture<?>[100];
    for (int i = 0; i < futures.length; i++) {
      futures[i] = storage.write(new MetaBatch().put(Bytes.utf8("k" + i), Bytes.utf8("v")));
    }
    CompletableFuture.allOf(futures).join();
    long syncs = rocks.syncCount() - before;
    assertThat(syncs).isBetween(1L, (long) futures.length);
  }
}

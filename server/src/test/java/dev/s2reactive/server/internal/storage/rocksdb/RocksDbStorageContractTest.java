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

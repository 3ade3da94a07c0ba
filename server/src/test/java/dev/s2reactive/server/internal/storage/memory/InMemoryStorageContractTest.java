package dev.s2reactive.server.internal.storage.memory;

import dev.s2reactive.server.internal.storage.Storage;
import dev.s2reactive.server.internal.storage.StorageContractTest;
import java.nio.file.Path;

/** The in-memory store honours the same contract as RocksDB, except surviving a close. */
class InMemoryStorageContractTest extends StorageContractTest {

  @Override
  protected Storage open(Path dir) {
    return new InMemoryStorage();
  }

  @Override
  protected boolean supportsReopen() {
    return false;
  }
}

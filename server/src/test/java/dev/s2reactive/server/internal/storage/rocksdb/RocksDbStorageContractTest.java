package dev.s2reactive.server.internal.storage.rocksdb;

import dev.s2reactive.server.internal.storage.Storage;
import dev.s2reactive.server.internal.storage.StorageContractTest;
import java.nio.file.Path;

class RocksDbStorageContractTest extends StorageContractTest {

  @Override
  protected Storage open(Path dir) {
    return RocksDbStorage.open(dir);
  }
}

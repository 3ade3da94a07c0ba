package dev.s2reactive.server.internal.catalog;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.server.internal.storage.MetaBatch;
import dev.s2reactive.server.internal.storage.MetaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A map-backed MetaStore for tests; can be told to fail writes. */
public final class MapMetaStore implements MetaStore {

  private final ConcurrentSkipListMap<Bytes, Bytes> map = new ConcurrentSkipListMap<>();
  final AtomicInteger writes = new AtomicInteger();
  volatile boolean failWrites;

  @Override
  public Optional<Bytes> get(Bytes key) {
    return Optional.ofNullable(map.get(key));
  }

  @Override
  public List<MetaEntry> scan(Bytes prefix, Bytes startAfter, int limit) {
    List<MetaEntry> out = new ArrayList<>();
    for (Map.Entry<Bytes, Bytes> e : map.tailMap(startAfter, false).entrySet()) {
      if (out.size() == limit) {
        break;
      }
      if (startsWith(e.getKey(), prefix)) {
        out.add(new MetaEntry(e.getKey(), e.getValue()));
      } else if (e.getKey().compareTo(prefix) > 0) {
        break;
      }
    }
    return out;
  }

  private static boolean startsWith(Bytes key, Bytes prefix) {
    if (key.size() < prefix.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (key.byteAt(i) != prefix.byteAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public CompletableFuture<Void> write(MetaBatch batch) {
    if (failWrites) {
      return CompletableFuture.failedFuture(new IllegalStateException("disk on fire"));
    }
    writes.incrementAndGet();
    for (MetaBatch.Op op : batch.ops()) {
      if (op.isDelete()) {
        map.remove(op.key());
      } else {
        map.put(op.key(), op.value());
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  int size() {
    return map.size();
  }
}

package dev.s2reactive.server.internal.storage.memory;

import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.internal.storage.MetaBatch;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.ReadResult;
import dev.s2reactive.server.internal.storage.Storage;
import dev.s2reactive.server.internal.storage.StreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link Storage} kept on the heap, for {@code --in-memory} mode and fast tests. Nothing survives
 * {@link #close()}.
 *
 * <p>Threading: every method is safe from any thread and never blocks beyond a short lock. Writes
 * are applied before {@link #append} / {@link #write} return, so their futures are already complete
 * and complete in submission order. Work per call is bounded by the call's own limits (a read copies
 * at most {@code maxCount} records; a trim is amortised O(1) per removed record).
 *
 * <p>A stream's timestamps are non-decreasing (the sequencer guarantees it), which lets {@link
 * #seqNumAtOrAfter} binary-search.
 */
public final class InMemoryStorage implements Storage {

  private final ConcurrentHashMap<Long, StreamLog> streams = new ConcurrentHashMap<>();
  private final TreeMap<Bytes, Bytes> meta = new TreeMap<>();
  private final ReentrantReadWriteLock metaLock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  @Override
  public Optional<StreamState> state(long streamId) {
    checkOpen();
    StreamLog log = streams.get(streamId);
    if (log == null) {
      return Optional.empty();
    }
    synchronized (log) {
      return Optional.ofNullable(log.state);
    }
  }

  @Override
  public CompletableFuture<Void> append(
      long streamId, List<SequencedRecord> records, StreamState state) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("storage is closed"));
    }
    StreamLog log = streams.computeIfAbsent(streamId, id -> new StreamLog());
    synchronized (log) {
      long next = log.baseSeq + log.records.size();
      if (!records.isEmpty() && records.get(0).seqNum() != next) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(
                "records start at " + records.get(0).seqNum() + ", expected " + next));
      }
      if (records.isEmpty() && log.liveCount() == 0) {
        log.records.clear();
        log.head = 0;
        log.baseSeq = state.tail().seqNum();
      }
      log.records.addAll(records);
      log.state = state;
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public ReadResult read(long streamId, long startSeqNum, ReadLimit limit) {
    checkOpen();
    StreamLog log = streams.get(streamId);
    if (log == null) {
      return new ReadResult(List.of(), ReadResult.Stop.END);
    }
    synchronized (log) {
      long first = log.baseSeq + log.head;
      long end = log.baseSeq + log.records.size();
      long from = Long.compareUnsigned(startSeqNum, first) > 0 ? startSeqNum : first;
      long stopAt = Long.compareUnsigned(limit.endSeqNum(), end) < 0 ? limit.endSeqNum() : end;
      ArrayList<SequencedRecord> out = new ArrayList<>();
      long bytes = 0;
      for (long seq = from; ; seq++) {
        // The contract checks COUNT before END: a read that filled its count says so even when
        // nothing follows.
        if (out.size() >= limit.maxCount()) {
          return new ReadResult(out, ReadResult.Stop.COUNT);
        }
        if (Long.compareUnsigned(seq, stopAt) >= 0) {
          return new ReadResult(out, ReadResult.Stop.END);
        }
        SequencedRecord record = log.records.get((int) (seq - log.baseSeq));
        if (limit.untilTimestamp() != ReadLimit.NO_UNTIL
            && Long.compareUnsigned(record.timestamp(), limit.untilTimestamp()) >= 0) {
          return new ReadResult(out, ReadResult.Stop.UNTIL);
        }
        long size = record.meteredBytes();
        if (bytes + size > limit.maxBytes()) {
          return new ReadResult(out, ReadResult.Stop.BYTES);
        }
        bytes += size;
        out.add(record);
      }
    }
  }

  @Override
  public OptionalLong seqNumAtOrAfter(long streamId, long timestamp) {
    checkOpen();
    StreamLog log = streams.get(streamId);
    if (log == null) {
      return OptionalLong.empty();
    }
    synchronized (log) {
      int lo = log.head;
      int hi = log.records.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Long.compareUnsigned(log.records.get(mid).timestamp(), timestamp) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo < log.records.size() ? OptionalLong.of(log.baseSeq + lo) : OptionalLong.empty();
    }
  }

  @Override
  public CompletableFuture<Void> trim(long streamId, long beforeSeqNum) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("storage is closed"));
    }
    StreamLog log = streams.get(streamId);
    if (log != null) {
      synchronized (log) {
        log.trim(beforeSeqNum);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> deleteStream(long streamId) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("storage is closed"));
    }
    streams.remove(streamId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    checkOpen();
    metaLock.readLock().lock();
    try {
      return Optional.ofNullable(meta.get(key));
    } finally {
      metaLock.readLock().unlock();
    }
  }

  @Override
  public List<MetaEntry> scan(Bytes prefix, Bytes startAfter, int limit) {
    checkOpen();
    ArrayList<MetaEntry> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    metaLock.readLock().lock();
    try {
      Map<Bytes, Bytes> tail =
          startAfter != null && startAfter.compareTo(prefix) >= 0
              ? meta.tailMap(startAfter, false)
              : meta.tailMap(prefix, true);
      for (Map.Entry<Bytes, Bytes> entry : tail.entrySet()) {
        // Keys at or after the prefix that lack it sort after every key that has it.
        if (!startsWith(entry.getKey(), prefix) || out.size() >= limit) {
          break;
        }
        out.add(new MetaEntry(entry.getKey(), entry.getValue()));
      }
      return out;
    } finally {
      metaLock.readLock().unlock();
    }
  }

  @Override
  public CompletableFuture<Void> write(MetaBatch batch) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("storage is closed"));
    }
    metaLock.writeLock().lock();
    try {
      for (MetaBatch.Op op : batch.ops()) {
        if (op.isDelete()) {
          meta.remove(op.key());
        } else {
          meta.put(op.key(), op.value());
        }
      }
    } finally {
      metaLock.writeLock().unlock();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    closed = true;
    streams.clear();
    metaLock.writeLock().lock();
    try {
      meta.clear();
    } finally {
      metaLock.writeLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("storage is closed");
    }
  }

  private static boolean startsWith(Bytes key, Bytes prefix) {
    if (key.size() < prefix.size()) {
      return false;
    }
    byte[] k = BytesInternals.array(key);
    byte[] p = BytesInternals.array(prefix);
    for (int i = 0; i < p.length; i++) {
      if (k[i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * One stream's records: {@code records[i]} has seq_num {@code baseSeq + i}; entries before
   * {@code head} are trimmed and compacted away once they are the larger half.
   */
  private static final class StreamLog {
    final ArrayList<SequencedRecord> records = new ArrayList<>();
    long baseSeq;
    int head;
    StreamState state;

    int liveCount() {
      return records.size() - head;
    }

    void trim(long beforeSeqNum) {
      long end = baseSeq + records.size();
      long target = Long.compareUnsigned(beforeSeqNum, end) < 0 ? beforeSeqNum : end;
      if (Long.compareUnsigned(target, baseSeq + head) <= 0) {
        return;
      }
      int newHead = (int) (target - baseSeq);
      for (int i = head; i < newHead; i++) {
        records.set(i, null);
      }
      head = newHead;
      if (head >= 1024 && head * 2 >= records.size()) {
        records.subList(0, head).clear();
        baseSeq += head;
        head = 0;
      }
      if (records.isEmpty()) {
        baseSeq = end;
      }
    }
  }
}

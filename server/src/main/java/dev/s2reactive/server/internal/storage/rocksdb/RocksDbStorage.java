package dev.s2reactive.server.internal.storage.rocksdb;

import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.internal.metrics.ServerMetrics;
import dev.s2reactive.server.internal.metrics.StorageStats;
import dev.s2reactive.server.internal.storage.MetaBatch;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.ReadResult;
import dev.s2reactive.server.internal.storage.Storage;
import dev.s2reactive.server.internal.storage.StreamState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link Storage} on one RocksDB database per data directory.
 *
 * <p>Column families: {@code records} ({@code streamId ‖ firstSeqNum} → a chunk of up to {@value
 * #MAX_RECORDS_PER_CHUNK} contiguous records, normally one whole append), {@code timestamps}
 * ({@code streamId ‖ timestamp ‖ seqNum} → nothing; one entry per run of equal timestamps in an
 * append), {@code streams} ({@code streamId} → {@link StreamState}; {@code streamId ‖ 0x00} → trim
 * floor) and {@code meta} (catalog keys). Numbers are big-endian, so bytewise key order is numeric
 * order and a stream's chunks iterate in seq_num order.
 *
 * <p>Layout decision: one value per appended batch, not one key per record. Measured with 1 KiB
 * records, a synced WAL and one writer on this 2-core machine ({@code StorageAppendBenchmark},
 * layout section, four runs on a machine shared with other builds): at batch 100 writes were on
 * par (0.7x-1.5x: the WAL append and its fsync dominate); at batch 1000 per-batch values wrote
 * 0.9x-1.9x as fast (one JNI put and one memtable insert instead of 1000, which counts when CPU is
 * contended), and scanning records back into their own arrays was 1.7x-9x faster (one iterator
 * step and one native copy per batch instead of per record). Reads matter: catching-up readers
 * and the timestamp/seq_num look-ups all scan.
 * The price is paid in code: a read seeks back ({@code seekForPrev}) to the chunk holding its start
 * and skips the records before it, and trim cannot range-delete a chunk that straddles the trim
 * point, so it writes a trim floor that reads apply at once and range-deletes only whole chunks.
 *
 * <p>Writes (appends, trims, deletes, meta batches) go through one writer thread that drains a
 * bounded queue into a single {@link WriteBatch} and writes it with a synced WAL: concurrent writes
 * share one fsync (group commit), and futures complete on the writer thread in submission order, so
 * their callbacks should be quick or hop to another executor. Writes never block their caller: when
 * the queue is full (by count or by pending bytes) the returned future fails at once with {@link
 * java.util.concurrent.RejectedExecutionException}, which callers should treat as "storage
 * overloaded, retry later" (see {@link GroupCommitWriter}).
 * Reads and look-ups run on the calling thread and may block on disk.
 */
public final class RocksDbStorage implements Storage {

  private static final int QUEUE_CAPACITY = 4096;
  private static final long MAX_PENDING_BYTES = 64L << 20;
  private static final int VALUE_BUFFER_SIZE = 64 << 10;
  private static final int MAX_CACHED_BUFFER = 2 << 20;
  /** S2 caps an append at 1000 records; larger appends are split so the bound holds. */
  static final int MAX_RECORDS_PER_CHUNK = 1000;

  static {
    RocksDB.loadLibrary();
  }

  // A heap array rather than a direct buffer: records are copied out of it with System.arraycopy
  // (RocksDB fills it with one native copy either way).
  private static final ThreadLocal<byte[]> VALUE_BUFFER =
      ThreadLocal.withInitial(() -> new byte[VALUE_BUFFER_SIZE]);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final RocksDB db;
  private final ColumnFamilyHandle records;
  private final ColumnFamilyHandle timestamps;
  private final ColumnFamilyHandle streams;
  private final ColumnFamilyHandle meta;
  private final WriteOptions syncWrite;
  private final ReadOptions readOptions;

  private final GroupCommitWriter writer;
  // Read lock: any use of the native handles (and enqueueing a write); write lock: close.
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private RocksDbStorage(
      Path dir, int queueCapacity, long maxPendingBytes, ServerMetrics metrics)
      throws RocksDBException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Sized for a small (2-core) machine: one shared small cache, two background jobs.
    LRUCache cache = track(new LRUCache(32L << 20));
    BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache);
    ColumnFamilyOptions recordOptions =
        track(new ColumnFamilyOptions())
            .setTableFormatConfig(table)
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setWriteBufferSize(32L << 20)
            .setMaxWriteBufferNumber(3);
    ColumnFamilyOptions smallOptions =
        track(new ColumnFamilyOptions())
            .setTableFormatConfig(table)
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setWriteBufferSize(4L << 20);
    DBOptions dbOptions =
        track(new DBOptions())
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2)
            .setBytesPerSync(1L << 20)
            // Small column families would otherwise pin old WAL files until they flush.
            .setMaxTotalWalSize(128L << 20)
            .setKeepLogFileNum(3);
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallOptions),
            new ColumnFamilyDescriptor(bytes("records"), recordOptions),
            new ColumnFamilyDescriptor(bytes("timestamps"), smallOptions),
            new ColumnFamilyDescriptor(bytes("streams"), smallOptions),
            new ColumnFamilyDescriptor(bytes("meta"), smallOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeResources();
      throw e;
    }
    resources.add(0, db);
    resources.addAll(0, handles);
    records = handles.get(1);
    timestamps = handles.get(2);
    streams = handles.get(3);
    meta = handles.get(4);
    syncWrite = track(new WriteOptions().setSync(true));
    readOptions = track(new ReadOptions());
    writer =
        new GroupCommitWriter(
            db,
            syncWrite,
            queueCapacity,
            maxPendingBytes,
            "rocksdb-writer-" + dir.getFileName(),
            metrics);
  }

  /** Opens (creating if needed) the database in {@code dir}. */
  public static RocksDbStorage open(Path dir) {
    return open(dir, ServerMetrics.NOOP);
  }

  /**
   * As {@link #open(Path)}, reporting group commits to {@code metrics} and binding the database's
   * size ({@link #stats()}) to it.
   */
  public static RocksDbStorage open(Path dir, ServerMetrics metrics) {
    RocksDbStorage storage = open(dir, QUEUE_CAPACITY, MAX_PENDING_BYTES, metrics);
    metrics.bindStorageStats(storage.stats());
    return storage;
  }

  /** As {@link #open(Path)}, with other bounds on queued writes (for tests). */
  static RocksDbStorage open(Path dir, int queueCapacity, long maxPendingBytes) {
    return open(dir, queueCapacity, maxPendingBytes, ServerMetrics.NOOP);
  }

  private static RocksDbStorage open(
      Path dir, int queueCapacity, long maxPendingBytes, ServerMetrics metrics) {
    try {
      return new RocksDbStorage(dir, queueCapacity, maxPendingBytes, metrics);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot open RocksDB in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Number of synced batch writes so far: with group commit, fewer than the writes submitted. */
  public long syncCount() {
    return writer.syncCount();
  }

  /**
   * Size figures from RocksDB properties summed over the column families: {@code
   * estimate-live-data-size}, {@code total-sst-files-size} and {@code cur-size-all-mem-tables}.
   * Each is -1 when storage is closed or closing (they never wait for the lifecycle lock).
   */
  public StorageStats stats() {
    return new StorageStats() {
      @Override
      public long liveDataBytes() {
        return property("rocksdb.estimate-live-data-size");
      }

      @Override
      public long tableFilesBytes() {
        return property("rocksdb.total-sst-files-size");
      }

      @Override
      public long memtableBytes() {
        return property("rocksdb.cur-size-all-mem-tables");
      }
    };
  }

  private long property(String name) {
    if (!lifecycle.readLock().tryLock()) {
      return -1;
    }
    try {
      return closed ? -1 : db.getAggregatedLongProperty(name);
    } catch (RocksDBException e) {
      return -1;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  // ---- LogStore ----

  @Override
  public Optional<StreamState> state(long streamId) {
    return withDb(
        () -> {
          byte[] value = db.get(streams, Keys.stream(streamId));
          return value == null ? Optional.empty() : Optional.of(RecordCodec.decodeState(value));
        });
  }

  @Override
  public CompletableFuture<Void> append(
      long streamId, List<SequencedRecord> records, StreamState state) {
    int n = records.size();
    List<byte[]> timestampKeys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SequencedRecord record = records.get(i);
      if (i > 0 && record.seqNum() != records.get(i - 1).seqNum() + 1) {
        return CompletableFuture.failedFuture(
            new IllegalArgumentException("seq_nums not contiguous at " + record.seqNum()));
      }
      if (i == 0 || record.timestamp() != records.get(i - 1).timestamp()) {
        timestampKeys.add(Keys.timestamp(streamId, record.timestamp(), record.seqNum()));
      }
    }
    if (n > 0 && state.tail().seqNum() != records.get(n - 1).seqNum() + 1) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("state tail does not follow the last record"));
    }
    int chunks = (n + MAX_RECORDS_PER_CHUNK - 1) / MAX_RECORDS_PER_CHUNK;
    byte[][] keys = new byte[chunks][];
    byte[][] values = new byte[chunks][];
    long bytes = 0;
    for (int c = 0; c < chunks; c++) {
      int from = c * MAX_RECORDS_PER_CHUNK;
      List<SequencedRecord> chunk = records.subList(from, Math.min(n, from + MAX_RECORDS_PER_CHUNK));
      keys[c] = Keys.record(streamId, chunk.get(0).seqNum());
      values[c] = RecordCodec.encodeChunk(chunk);
      bytes += values[c].length;
    }
    byte[] stateKey = Keys.stream(streamId);
    byte[] stateValue = RecordCodec.encodeState(state);
    return submit(
        batch -> {
          for (int c = 0; c < chunks; c++) {
            batch.put(this.records, keys[c], values[c]);
          }
          for (byte[] key : timestampKeys) {
            batch.put(timestamps, key, Keys.EMPTY);
          }
          batch.put(streams, stateKey, stateValue);
        },
        bytes);
  }

  @Override
  public ReadResult read(long streamId, long startSeqNum, ReadLimit limit) {
    return withDb(() -> readLocked(streamId, startSeqNum, limit));
  }

  private ReadResult readLocked(long streamId, long startSeqNum, ReadLimit limit)
      throws RocksDBException {
    long start = maxUnsigned(startSeqNum, trimFloor(streamId));
    List<SequencedRecord> out = new ArrayList<>();
    long bytes = 0;
    try (RocksIterator it = db.newIterator(records, readOptions)) {
      ChunkCursor cursor = new ChunkCursor(it, streamId);
      boolean found = cursor.seekChunkHolding(start);
      while (true) {
        if (out.size() >= limit.maxCount()) {
          return new ReadResult(out, ReadResult.Stop.COUNT);
        }
        if (!found) {
          return new ReadResult(out, ReadResult.Stop.END);
        }
        ByteBuffer chunk = cursor.chunk;
        long seqNum = cursor.firstSeqNum;
        for (int i = 0, count = chunk.getInt(0); i < count; i++, seqNum++) {
          int length = chunk.getInt();
          int end = chunk.position() + length;
          if (Long.compareUnsigned(seqNum, start) < 0) {
            chunk.position(end);
            continue;
          }
          if (out.size() >= limit.maxCount()) {
            return new ReadResult(out, ReadResult.Stop.COUNT);
          }
          if (Long.compareUnsigned(seqNum, limit.endSeqNum()) >= 0) {
            return new ReadResult(out, ReadResult.Stop.END);
          }
          if (limit.untilTimestamp() != ReadLimit.NO_UNTIL
              && Long.compareUnsigned(RecordCodec.timestamp(chunk), limit.untilTimestamp()) >= 0) {
            return new ReadResult(out, ReadResult.Stop.UNTIL);
          }
          int chunkLimit = chunk.limit();
          chunk.limit(end);
          SequencedRecord record = RecordCodec.decodeRecord(seqNum, chunk);
          chunk.limit(chunkLimit);
          bytes += record.meteredBytes();
          if (bytes > limit.maxBytes()) {
            return new ReadResult(out, ReadResult.Stop.BYTES);
          }
          out.add(record);
        }
        found = cursor.next();
      }
    }
  }

  /**
   * Walks a stream's chunks. {@link #chunk} holds the current chunk's value, positioned after its
   * count, so that records are read in order with {@code getInt()} lengths.
   */
  private static final class ChunkCursor {
    private final RocksIterator it;
    private final long streamId;
    ByteBuffer chunk;
    long firstSeqNum;

    ChunkCursor(RocksIterator it, long streamId) {
      this.it = it;
      this.streamId = streamId;
    }

    /** Positions on the chunk holding {@code seqNum}, else the first chunk after it. */
    boolean seekChunkHolding(long seqNum) {
      byte[] target = Keys.record(streamId, seqNum);
      it.seekForPrev(target);
      if (it.isValid()) {
        if (load() && Long.compareUnsigned(seqNum - firstSeqNum, chunk.getInt(0)) < 0) {
          return true;
        }
        // The greatest key at or before the target did not hold it: the next key is after it.
        return next();
      }
      checkIterator(it);
      it.seek(target);
      return it.isValid() ? load() : checked(it);
    }

    boolean next() {
      it.next();
      return it.isValid() ? load() : checked(it);
    }

    private boolean load() {
      byte[] key = it.key();
      if (!Keys.hasStream(key, streamId)) {
        return false;
      }
      firstSeqNum = Keys.getLong(key, 8);
      chunk = readValue(it);
      chunk.position(4);
      return true;
    }

    private static boolean checked(RocksIterator it) {
      checkIterator(it);
      return false;
    }
  }

  /** Copies the iterator's value into this thread's value array (grown if needed). */
  private static ByteBuffer readValue(RocksIterator it) {
    byte[] buffer = VALUE_BUFFER.get();
    int size = it.value(buffer);
    if (size > buffer.length) {
      buffer = new byte[size];
      if (size <= MAX_CACHED_BUFFER) {
        VALUE_BUFFER.set(buffer);
      }
      it.value(buffer);
    }
    return ByteBuffer.wrap(buffer, 0, size);
  }

  private long trimFloor(long streamId) throws RocksDBException {
    byte[] value = db.get(streams, Keys.trimFloor(streamId));
    return value == null ? 0 : Keys.getLong(value, 0);
  }

  private static long maxUnsigned(long a, long b) {
    return Long.compareUnsigned(a, b) >= 0 ? a : b;
  }

  @Override
  public OptionalLong seqNumAtOrAfter(long streamId, long timestamp) {
    return withDb(
        () -> {
          long indexed;
          try (RocksIterator it = db.newIterator(timestamps, readOptions)) {
            it.seek(Keys.timestamp(streamId, timestamp, 0));
            if (!it.isValid()) {
              checkIterator(it);
              return OptionalLong.empty();
            }
            byte[] key = it.key();
            if (!Keys.hasStream(key, streamId)) {
              return OptionalLong.empty();
            }
            indexed = Keys.getLong(key, 16);
          }
          // Every record from the indexed one on is at or after the timestamp; if it was trimmed,
          // the first record still stored after it is the answer.
          long from = maxUnsigned(indexed, trimFloor(streamId));
          try (RocksIterator it = db.newIterator(records, readOptions)) {
            ChunkCursor cursor = new ChunkCursor(it, streamId);
            if (!cursor.seekChunkHolding(from)) {
              return OptionalLong.empty();
            }
            return OptionalLong.of(maxUnsigned(from, cursor.firstSeqNum));
          }
        });
  }

  /**
   * Records a trim floor, which hides records below it at once, and range-deletes every chunk
   * that lies wholly below it. A chunk holds at most {@value #MAX_RECORDS_PER_CHUNK} records, so
   * chunks starting at or before {@code beforeSeqNum - MAX_RECORDS_PER_CHUNK} are safe to delete
   * without reading anything (the writer cannot see chunks queued in the same group); the few
   * chunks that straddle the floor go with a later trim or the stream's deletion. As the protocol
   * guarantees, the trim point only moves forward and never beyond the tail.
   */
  @Override
  public CompletableFuture<Void> trim(long streamId, long beforeSeqNum) {
    byte[] floorKey = Keys.trimFloor(streamId);
    byte[] floorValue = new byte[8];
    Keys.putLong(floorValue, 0, beforeSeqNum);
    byte[] from = Keys.record(streamId, 0);
    boolean deleteChunks = Long.compareUnsigned(beforeSeqNum, MAX_RECORDS_PER_CHUNK) >= 0;
    byte[] to = Keys.record(streamId, beforeSeqNum - MAX_RECORDS_PER_CHUNK + 1);
    // Timestamp index entries of trimmed records stay (one small key per distinct millisecond);
    // seqNumAtOrAfter skips past them, and deleteStream removes them.
    return submit(
        batch -> {
          batch.put(streams, floorKey, floorValue);
          if (deleteChunks) {
            batch.deleteRange(records, from, to);
          }
        },
        0);
  }

  @Override
  public CompletableFuture<Void> deleteStream(long streamId) {
    byte[] from = Keys.stream(streamId);
    byte[] to = Keys.streamEnd(streamId);
    return submit(
        batch -> {
          batch.deleteRange(records, from, to);
          batch.deleteRange(timestamps, from, to);
          batch.deleteRange(streams, from, to); // state and trim floor
        },
        0);
  }

  // ---- MetaStore ----

  @Override
  public Optional<Bytes> get(Bytes key) {
    return withDb(
        () -> {
          byte[] value = db.get(meta, BytesInternals.array(key));
          return value == null ? Optional.empty() : Optional.of(BytesInternals.wrap(value));
        });
  }

  @Override
  public List<MetaEntry> scan(Bytes prefix, Bytes startAfter, int limit) {
    byte[] p = BytesInternals.array(prefix);
    byte[] after = startAfter == null ? null : BytesInternals.array(startAfter);
    return withDb(
        () -> {
          List<MetaEntry> out = new ArrayList<>();
          if (limit <= 0) {
            return out;
          }
          try (RocksIterator it = db.newIterator(meta, readOptions)) {
            boolean seekAfter = after != null && Arrays.compareUnsigned(after, p) >= 0;
            it.seek(seekAfter ? after : p);
            for (; it.isValid() && out.size() < limit; it.next()) {
              byte[] key = it.key();
              if (!startsWith(key, p)) {
                break;
              }
              if (seekAfter && Arrays.equals(key, after)) {
                continue;
              }
              out.add(new MetaEntry(BytesInternals.wrap(key), BytesInternals.wrap(it.value())));
            }
            checkIterator(it);
          }
          return out;
        });
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public CompletableFuture<Void> write(MetaBatch batch) {
    List<MetaBatch.Op> ops = batch.ops();
    long bytes = 0;
    for (MetaBatch.Op op : ops) {
      bytes += op.key().size() + (op.isDelete() ? 0 : op.value().size());
    }
    return submit(
        b -> {
          for (MetaBatch.Op op : ops) {
            byte[] key = BytesInternals.array(op.key());
            if (op.isDelete()) {
              b.delete(meta, key);
            } else {
              b.put(meta, key, BytesInternals.array(op.value()));
            }
          }
        },
        bytes);
  }

  // ---- writer ----

  private CompletableFuture<Void> submit(GroupCommitWriter.BatchOp op, long bytes) {
    // tryLock: never wait here (callers may be event loops); failing means close() is running.
    if (!lifecycle.readLock().tryLock()) {
      return CompletableFuture.failedFuture(new IllegalStateException("storage closed"));
    }
    try {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("storage closed"));
      }
      return writer.submit(op, bytes);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  // ---- lifecycle ----

  /** Stops accepting writes, waits for queued writes to be synced, then releases the database. */
  @Override
  public void close() {
    if (writer.isWriterThread()) {
      throw new IllegalStateException("close() called from a write completion callback");
    }
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      // Under the write lock no submit is in progress, and none can start.
      writer.shutdown();
      closeResources();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private void closeResources() {
    // Handles before the database, the database before its options.
    for (AutoCloseable resource : resources) {
      try {
        if (resource instanceof RocksDB rocks) {
          rocks.closeE();
        } else {
          resource.close();
        }
      } catch (Exception e) {
        // Closing is best effort; the WAL was synced before every acknowledgement.
      }
    }
    resources.clear();
  }

  private <T> T track(T resource) {
    resources.add((AutoCloseable) resource);
    return resource;
  }

  @FunctionalInterface
  private interface DbCall<T> {
    T call() throws RocksDBException;
  }

  private <T> T withDb(DbCall<T> call) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("storage closed");
      }
      return call.call();
    } catch (RocksDBException e) {
      throw new IllegalStateException("RocksDB: " + e.getMessage(), e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private static void checkIterator(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new IllegalStateException("RocksDB: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(String name) {
    return name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}

package dev.s2reactive.server.internal.storage.rocksdb;

import dev.s2reactive.server.internal.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Group commit: one thread drains a bounded queue of writes into a single {@link WriteBatch} and
 * writes it with the given (synced) options, so concurrent writes share one fsync. Futures complete
 * on that thread, in submission order, after their batch is durable; a failed batch fails every
 * write in it.
 *
 * <p>{@link #submit} never blocks: when {@code capacity} writes or {@code maxPendingBytes} bytes
 * are already queued, it fails the future at once with {@link RejectedExecutionException} (a write
 * larger than the byte bound is still admitted when nothing else is pending).
 */
final class GroupCommitWriter {

  /** One queued write: applies itself to the shared batch. */
  @FunctionalInterface
  interface BatchOp {
    void applyTo(WriteBatch batch) throws RocksDBException;
  }

  private record PendingWrite(BatchOp op, long bytes, CompletableFuture<Void> future) {}

  private static final PendingWrite SHUTDOWN = new PendingWrite(b -> {}, 0, null);
  private static final int MAX_GROUP = 512;

  private final RocksDB db;
  private final WriteOptions options;
  private final BlockingQueue<PendingWrite> queue;
  private final long maxPendingBytes;
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicLong syncs = new AtomicLong();
  private final ServerMetrics metrics;
  private final Thread thread;

  /** Starts the writer thread; every commit (size, bytes, write+sync time) goes to metrics. */
  GroupCommitWriter(
      RocksDB db,
      WriteOptions options,
      int capacity,
      long maxPendingBytes,
      String name,
      ServerMetrics metrics) {
    this.metrics = metrics;
    this.db = db;
    this.options = options;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxPendingBytes = maxPendingBytes;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a write of about {@code bytes} bytes; must not be called after {@link #shutdown}. */
  CompletableFuture<Void> submit(BatchOp op, long bytes) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    long pending = pendingBytes.addAndGet(bytes);
    if ((pending > maxPendingBytes && pending != bytes)
        || !queue.offer(new PendingWrite(op, bytes, future))) {
      pendingBytes.addAndGet(-bytes);
      return CompletableFuture.failedFuture(
          new RejectedExecutionException("storage write queue full"));
    }
    return future;
  }

  /** Number of batches written so far. */
  long syncCount() {
    return syncs.get();
  }

  boolean isWriterThread() {
    return Thread.currentThread() == thread;
  }

  /**
   * Writes everything queued, then stops the thread. The caller guarantees that no {@link #submit}
   * runs concurrently or later.
   */
  void shutdown() {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(SHUTDOWN);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<PendingWrite> group = new ArrayList<>(MAX_GROUP);
    try (WriteBatch batch = new WriteBatch()) {
      boolean running = true;
      while (running) {
        group.add(takeUninterruptibly());
        queue.drainTo(group, MAX_GROUP - 1);
        // Nothing is enqueued after SHUTDOWN, so it can only be last.
        if (group.get(group.size() - 1) == SHUTDOWN) {
          group.remove(group.size() - 1);
          running = false;
        }
        if (!group.isEmpty()) {
          commit(batch, group);
        }
        group.clear();
      }
    }
  }

  private void commit(WriteBatch batch, List<PendingWrite> group) {
    long bytes = 0;
    long elapsed = 0;
    Throwable failure = null;
    try {
      batch.clear();
      for (PendingWrite w : group) {
        w.op().applyTo(batch);
        bytes += w.bytes();
      }
      long start = System.nanoTime();
      db.write(options, batch);
      elapsed = System.nanoTime() - start;
      syncs.incrementAndGet();
    } catch (RocksDBException | RuntimeException e) {
      failure = e;
    }
    pendingBytes.addAndGet(-bytes);
    if (failure == null) {
      metrics.storageCommitted(group.size(), bytes, elapsed);
    } else {
      metrics.storageCommitFailed(group.size());
    }
    for (PendingWrite w : group) {
      if (failure == null) {
        w.future().complete(null);
      } else {
        w.future().completeExceptionally(failure);
      }
    }
  }

  private PendingWrite takeUninterruptibly() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return queue.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

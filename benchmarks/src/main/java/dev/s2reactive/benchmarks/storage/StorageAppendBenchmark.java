package dev.s2reactive.benchmarks.storage;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.internal.storage.StreamState;
import dev.s2reactive.server.internal.storage.rocksdb.RocksDbStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Append throughput of {@link RocksDbStorage} for 1 KiB records, against a raw {@code
 * FileChannel.write + force} loop of the same batch size measured in the same run, plus a
 * comparison of two record layouts (one key per record vs one value per batch) on raw RocksDB.
 *
 * <p>Usage: {@code StorageAppendBenchmark [secondsPerRun=5] [dir=java.io.tmpdir]}. Each writer
 * keeps one append in flight (like a sequencer waiting for durability), each on its own stream.
 */
public final class StorageAppendBenchmark {

  private static final int RECORD_SIZE = 1024;
  private static final int[] BATCH_SIZES = {1, 100, 1000};
  private static final int[] WRITERS = {1, 4};

  private final long nanosPerRun;
  private final Path root;

  private StorageAppendBenchmark(long nanosPerRun, Path root) {
    this.nanosPerRun = nanosPerRun;
    this.root = root;
  }

  /** One measured run. */
  private record Result(long records, long bytes, long syncs, long nanos) {
    double mibPerSec() {
      return bytes / (1024.0 * 1024.0) / seconds();
    }

    double recordsPerSec() {
      return records / seconds();
    }

    double syncsPerSec() {
      return syncs / seconds();
    }

    double seconds() {
      return nanos / 1e9;
    }

    String format() {
      return String.format(
          "%9.1f MiB/s %11.0f rec/s %8.0f syncs/s", mibPerSec(), recordsPerSec(), syncsPerSec());
    }
  }

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
    Path root =
        Files.createTempDirectory(
            args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir")),
            "storage-bench");
    try {
      new StorageAppendBenchmark(seconds * 1_000_000_000L, root).run();
    } finally {
      deleteRecursively(root);
    }
  }

  private void run() throws Exception {
    System.out.printf("1 KiB records, %d s per run, dir %s%n%n", nanosPerRun / 1_000_000_000L, root);
    System.out.println("== append throughput (ratio = storage MiB/s / raw fsync MiB/s) ==");
    for (int batch : BATCH_SIZES) {
      Result raw = rawFsync(batch);
      System.out.printf("raw write+force   batch %4d            %s%n", batch, raw.format());
      for (int writers : WRITERS) {
        Result storage = storageAppends(batch, writers);
        System.out.printf(
            "RocksDbStorage    batch %4d writers %d  %s  ratio %.2f%n",
            batch, writers, storage.format(), storage.mibPerSec() / raw.mibPerSec());
      }
    }
    System.out.println();
    System.out.println("== record layout on raw RocksDB, synced WAL, one writer ==");
    for (int batch : new int[] {100, 1000}) {
      for (boolean perBatch : new boolean[] {false, true}) {
        layout(batch, perBatch);
      }
    }
  }

  // ---- raw baseline ----

  private Result rawFsync(int batch) throws IOException {
    Path file = root.resolve("raw-" + batch);
    ByteBuffer buffer = ByteBuffer.wrap(randomBytes(batch * RECORD_SIZE));
    long syncs = 0;
    long start = System.nanoTime();
    long elapsed;
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      do {
        buffer.rewind();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
        syncs++;
        elapsed = System.nanoTime() - start;
      } while (elapsed < nanosPerRun);
    }
    Files.delete(file);
    return new Result(syncs * batch, syncs * batch * RECORD_SIZE, syncs, elapsed);
  }

  // ---- RocksDbStorage ----

  private Result storageAppends(int batch, int writers) throws Exception {
    Path dir = root.resolve("storage-" + batch + "-" + writers);
    AtomicLong records = new AtomicLong();
    long syncs;
    long elapsed;
    try (RocksDbStorage storage = RocksDbStorage.open(dir)) {
      List<Thread> threads = new ArrayList<>();
      long start = System.nanoTime();
      long deadline = start + nanosPerRun;
      for (int w = 0; w < writers; w++) {
        long streamId = w + 1;
        Thread thread =
            new Thread(
                () -> {
                  Bytes body = Bytes.copyOf(randomBytes(RECORD_SIZE));
                  long next = 0;
                  while (System.nanoTime() - deadline < 0) {
                    long timestamp = System.currentTimeMillis();
                    List<SequencedRecord> records1 = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                      records1.add(new SequencedRecord(next + i, timestamp, List.of(), body));
                    }
                    next += batch;
                    StreamState state =
                        new StreamState(records1.get(batch - 1).nextPosition(), "", 0);
                    storage.append(streamId, records1, state).join();
                    records.addAndGet(batch);
                  }
                },
                "writer-" + w);
        threads.add(thread);
      }
      long syncsBefore = storage.syncCount();
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      elapsed = System.nanoTime() - start;
      syncs = storage.syncCount() - syncsBefore;
    }
    deleteRecursively(dir);
    return new Result(records.get(), records.get() * RECORD_SIZE, syncs, elapsed);
  }

  // ---- layout ----

  /** Writes then scans back 1 KiB records as one key each or as one value per batch. */
  private void layout(int batch, boolean perBatch) throws RocksDBException, IOException {
    Path dir = root.resolve("layout-" + batch + "-" + perBatch);
    byte[] record = randomBytes(RECORD_SIZE + 12);
    long written = 0;
    long writeNanos;
    long readNanos;
    long readBytes = 0;
    try (Options options =
            new Options()
                .setCreateIfMissing(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(32L << 20)
                .setMaxBackgroundJobs(2);
        WriteOptions sync = new WriteOptions().setSync(true);
        RocksDB db = RocksDB.open(options, dir.toString());
        WriteBatch writeBatch = new WriteBatch()) {
      long start = System.nanoTime();
      do {
        writeBatch.clear();
        if (perBatch) {
          byte[] value = new byte[batch * record.length];
          for (int i = 0; i < batch; i++) {
            System.arraycopy(record, 0, value, i * record.length, record.length);
          }
          writeBatch.put(key(written), value);
        } else {
          for (int i = 0; i < batch; i++) {
            writeBatch.put(key(written + i), record);
          }
        }
        db.write(sync, writeBatch);
        written += batch;
        writeNanos = System.nanoTime() - start;
      } while (writeNanos < nanosPerRun);

      // Scan as a read would: every record ends up in its own array.
      long readStart = System.nanoTime();
      ByteBuffer direct = ByteBuffer.allocateDirect(record.length);
      try (RocksIterator it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          if (perBatch) {
            byte[] value = it.value();
            for (int off = 0; off < value.length; off += record.length) {
              readBytes += Arrays.copyOfRange(value, off, off + record.length).length;
            }
          } else {
            direct.clear();
            it.value(direct);
            byte[] copy = new byte[record.length];
            direct.get(copy);
            readBytes += copy.length;
          }
        }
      }
      readNanos = System.nanoTime() - readStart;
    }
    deleteRecursively(dir);
    System.out.printf(
        "%-17s batch %4d  write %7.1f MiB/s  %8.0f syncs/s   scan %7.1f MiB/s%n",
        perBatch ? "value per batch" : "key per record",
        batch,
        written * RECORD_SIZE / (1024.0 * 1024.0) / (writeNanos / 1e9),
        written / batch / (writeNanos / 1e9),
        readBytes / (1024.0 * 1024.0) / (readNanos / 1e9));
  }

  private static byte[] key(long seqNum) {
    return ByteBuffer.allocate(16).putLong(1).putLong(seqNum).array();
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

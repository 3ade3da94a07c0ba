package dev.s2reactive.benchmarks.catchup;

import dev.s2reactive.benchmarks.internal.Workload;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameAssembler;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameDecoder;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.ReadResult;
import dev.s2reactive.server.internal.storage.StreamState;
import dev.s2reactive.server.internal.storage.rocksdb.RocksDbStorage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The stages of a catch-up read, each timed alone on one thread in thread CPU time (steadier than
 * wall time on a shared machine): the storage read of 1000-record batches, the server's frame
 * encoding, and the client's frame decoding from 16 KiB direct chunks (as HTTP/2 DATA frames
 * deliver them), the copying {@link S2sFrameDecoder} against the retaining {@link
 * S2sFrameAssembler}; the frame encoding also into pooled direct buffers. Prints CPU seconds per
 * GiB of records: median, min and max of the repetitions after the first third.
 *
 * <p>{@code java ... CatchupStages [MiB=100] [reps=9] [stages=storage,encode,decode]}
 */
public final class CatchupStages {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int RECORD_SIZE = 1024;
  private static final int BATCH = 1000;
  private static final int CHUNK = 16 * 1024;

  private CatchupStages() {}

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    List<String> stages = List.of((args.length > 2 ? args[2] : "storage,encode,decode").split(","));
    long count = (long) mib * 1024 * 1024 / RECORD_SIZE;
    long bytes = count * RECORD_SIZE;
    Path dir = Files.createTempDirectory("s2r-stages");
    try (RocksDbStorage storage = RocksDbStorage.open(dir)) {
      Workload workload = new Workload(RECORD_SIZE, 42);
      for (long seq = 0; seq < count; seq += BATCH) {
        List<SequencedRecord> records = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH && seq + i < count; i++) {
          AppendRecord r = workload.next(seq + i);
          records.add(new SequencedRecord(seq + i, seq + i, r.headers(), r.body()));
        }
        long tail = seq + records.size();
        storage.append(1, records, new StreamState(StreamPosition.of(tail, tail), "", 0)).join();
      }
      List<ReadBatch> batches = new ArrayList<>();
      readAll(storage, count, batches);
      List<byte[]> frames = new ArrayList<>();
      for (ReadBatch batch : batches) {
        frames.add(frame(batch));
      }

      if (stages.contains("storage")) {
        report("storage read", reps, bytes, () -> readAll(storage, count, null));
      }
      if (stages.contains("encode")) {
        report("frame encode", reps, bytes, () -> {
          long n = 0;
          for (ReadBatch batch : batches) {
            n += frame(batch).length;
          }
          return n;
        });
      }
      if (stages.contains("encode")) {
        // what the server could do instead: encode into a pooled buffer that the transport
        // releases once written (here right away)
        for (ByteBufAllocator alloc :
            List.of(ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT)) {
          report("frame encode, " + alloc.getClass().getSimpleName(), reps, bytes, () -> {
            long n = 0;
            for (ReadBatch batch : batches) {
              int size = ProtoCodec.encodedSize(batch);
              ByteBuf out = alloc.directBuffer(S2sFrames.HEADER_SIZE + size);
              S2sFrames.writeHeader(out, size, false);
              ProtoCodec.encode(batch, out);
              n += out.readableBytes();
              out.release();
            }
            return n;
          });
        }
      }
      if (stages.contains("decode")) {
        for (int round = 0; round < 2; round++) {
          report("decode, copying decoder", reps, bytes, () -> decodeCopying(frames));
          report("decode, retaining assembler", reps, bytes, () -> decodeRetaining(frames));
        }
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long readAll(RocksDbStorage storage, long count, List<ReadBatch> out) {
    long seq = 0;
    long records = 0;
    while (seq < count) {
      ReadResult result =
          storage.read(1, seq, new ReadLimit(BATCH, 1024 * 1024, ReadLimit.NO_UNTIL, count));
      List<SequencedRecord> batch = result.records();
      records += batch.size();
      seq = batch.get(batch.size() - 1).seqNum() + 1;
      if (out != null) {
        out.add(ReadBatch.of(batch));
      }
    }
    return records;
  }

  /** What the server's s2s read session writes for a batch. */
  private static byte[] frame(ReadBatch batch) {
    byte[] buffer = new byte[S2sFrames.HEADER_SIZE + ProtoCodec.encodedSize(batch)];
    ProtoCodec.encode(batch, buffer, S2sFrames.HEADER_SIZE);
    return S2sFrames.messageInPlace(buffer, Compression.NONE, false);
  }

  private static long decodeCopying(List<byte[]> frames) {
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    long[] records = {0};
    forEachChunk(frames, chunk -> decoder.decode(chunk, frame -> records[0] +=
        ProtoCodec.decodeReadBatch(BytesInternals.array(((S2sFrame.Message) frame).body()))
            .records().size()));
    return records[0];
  }

  private static long decodeRetaining(List<byte[]> frames) {
    S2sFrameAssembler assembler = new S2sFrameAssembler();
    long[] records = {0};
    S2sFrameAssembler.Handler handler = new S2sFrameAssembler.Handler() {
      @Override
      public void onMessage(ByteBuf body, boolean reconnectAdvised) {
        records[0] += ProtoCodec.decodeReadBatch(body).records().size();
      }

      @Override
      public void onTerminal(S2sFrame.Terminal terminal) {}
    };
    forEachChunk(frames, chunk -> assembler.decode(chunk, handler));
    assembler.close();
    return records[0];
  }

  private static void forEachChunk(List<byte[]> frames, java.util.function.Consumer<ByteBuf> out) {
    for (byte[] frame : frames) {
      for (int i = 0; i < frame.length; i += CHUNK) {
        int n = Math.min(CHUNK, frame.length - i);
        ByteBuf chunk = PooledByteBufAllocator.DEFAULT.directBuffer(n).writeBytes(frame, i, n);
        out.accept(chunk);
        chunk.release();
      }
    }
  }

  private static void report(String stage, int reps, long bytes, LongSupplier run) {
    double[] cpu = new double[reps];
    long sink = 0;
    for (int r = 0; r < reps; r++) {
      long before = THREADS.getCurrentThreadCpuTime();
      sink += run.getAsLong();
      cpu[r] = (THREADS.getCurrentThreadCpuTime() - before) / 1e9 / (bytes / (double) (1 << 30));
    }
    double[] warm = Arrays.copyOfRange(cpu, reps / 3, reps);
    Arrays.sort(warm);
    System.out.printf(Locale.ROOT, "%-28s %.3f CPU s/GiB (min %.3f, max %.3f)  [%d]%n", stage,
        warm[warm.length / 2], warm[0], warm[warm.length - 1], sink);
  }
}

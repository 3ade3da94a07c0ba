package dev.s2reactive.server.internal.storage.rocksdb;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.internal.storage.StreamState;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;

/**
 * Child JVM for {@link RocksDbCrashTest}: resumes every stream from its stored tail and appends
 * deterministic records forever, writing {@code "stream lastSeqNum\n"} to the ack file after each
 * acknowledged append. The parent kills it with SIGKILL.
 */
public final class CrashChild {

  static final long[] STREAMS = {1, 2, 3, 4};
  private static final int MAX_IN_FLIGHT = 16;

  private CrashChild() {}

  /** The record every run writes at {@code (streamId, seqNum)}. */
  static SequencedRecord expected(long streamId, long seqNum) {
    List<Header> headers =
        seqNum % 5 == 0 ? List.of(Header.of("k", streamId + ":" + seqNum)) : List.of();
    int length = (int) ((seqNum * 7919 + streamId * 31) % 1500);
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      body[i] = (byte) (seqNum * 31 + i + streamId);
    }
    return new SequencedRecord(seqNum, 1000 + seqNum / 4, headers, Bytes.copyOf(body));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    FileOutputStream acks = new FileOutputStream(args[1], true);
    Random random = new Random(Long.parseLong(args[2]));
    RocksDbStorage storage = RocksDbStorage.open(dir);
    long[] next = new long[STREAMS.length];
    for (int i = 0; i < STREAMS.length; i++) {
      next[i] = storage.state(STREAMS[i]).map(s -> s.tail().seqNum()).orElse(0L);
    }
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    while (true) {
      int index = random.nextInt(STREAMS.length);
      long stream = STREAMS[index];
      int size = random.nextInt(10) == 0 ? 200 + random.nextInt(300) : 1 + random.nextInt(20);
      List<SequencedRecord> batch = new ArrayList<>(size);
      for (long s = next[index]; s < next[index] + size; s++) {
        batch.add(expected(stream, s));
      }
      next[index] += size;
      long last = next[index] - 1;
      StreamState state = new StreamState(batch.get(size - 1).nextPosition(), "", 0);
      inFlight.acquire();
      storage
          .append(stream, batch, state)
          .whenComplete(
              (v, e) -> {
                if (e != null) {
                  e.printStackTrace();
                  Runtime.getRuntime().halt(3);
                }
                try {
                  acks.write((stream + " " + last + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException io) {
                  Runtime.getRuntime().halt(4);
                }
                inFlight.release();
              });
    }
  }
}

package dev.s2reactive.server.internal.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.ReadResult;
import dev.s2reactive.server.internal.storage.StreamState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a child JVM that appends continuously and checks that every acknowledged append
 * survived, over several rounds on the same directory.
 */
class RocksDbCrashTest {

  private static final int ROUNDS = 4;
  private static final long ROUND_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

  @TempDir Path tmp;

  @Test
  void acknowledgedAppendsSurviveSigkill() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path db = tmp.resolve("db");
    Map<Long, Long> ackedBefore = new HashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      Path ackFile = tmp.resolve("acks-" + round);
      Path log = tmp.resolve("child-" + round + ".log");
      Files.createFile(ackFile);
      int target = 20 + random.nextInt(400);
      Process child = startChild(db, ackFile, log, random.nextLong());
      String context = "seed " + seed + ", round " + round + ", target " + target;
      try {
        awaitAcks(child, ackFile, log, target, context);
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited").isTrue();
      }

      Map<Long, Long> acked = new HashMap<>(ackedBefore);
      for (String line : completeLines(ackFile)) {
        String[] parts = line.split(" ");
        long stream = Long.parseLong(parts[0]);
        long last = Long.parseLong(parts[1]);
        // A resumed child continues after the stored tail: it never re-acknowledges old seq_nums.
        assertThat(last).as(context).isGreaterThan(ackedBefore.getOrDefault(stream, -1L));
        acked.merge(stream, last, Math::max);
      }
      verify(db, acked, context);
      ackedBefore = acked;
    }
  }

  private static Process startChild(Path db, Path ackFile, Path log, long seed) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            CrashChild.class.getName(),
            db.toString(),
            ackFile.toString(),
            Long.toString(seed))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Polls the ack file until {@code target} acks are written, the child dies, or time is up. */
  private static void awaitAcks(Process child, Path ackFile, Path log, int target, String context)
      throws IOException {
    long deadline = System.nanoTime() + ROUND_DEADLINE_NANOS;
    while (completeLines(ackFile).size() < target) {
      if (!child.isAlive()) {
        fail("child exited with " + child.exitValue() + " (" + context + "): " + Files.readString(log));
      }
      if (System.nanoTime() - deadline > 0) {
        fail("no " + target + " acks in time (" + context + "): " + Files.readString(log));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** Lines ending in a newline; a line cut short by the kill is ignored. */
  private static List<String> completeLines(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  private static void verify(Path db, Map<Long, Long> acked, String context) {
    try (RocksDbStorage storage = RocksDbStorage.open(db)) {
      for (long stream : CrashChild.STREAMS) {
        long lastAcked = acked.getOrDefault(stream, -1L);
        StreamState state = storage.state(stream).orElse(StreamState.EMPTY);
        long tail = state.tail().seqNum();
        assertThat(tail).as("tail of %d (%s)", stream, context).isGreaterThan(lastAcked);

        List<SequencedRecord> all = new ArrayList<>();
        ReadResult result;
        do {
          result = storage.read(stream, all.size(), new ReadLimit(1000, Long.MAX_VALUE, -1L, -1L));
          all.addAll(result.records());
        } while (result.stop() == ReadResult.Stop.COUNT);
        assertThat(result.stop()).isEqualTo(ReadResult.Stop.END);
        assertThat(all).as("records of %d (%s)", stream, context).hasSize((int) tail);
        for (int i = 0; i < all.size(); i++) {
          SequencedRecord record = all.get(i);
          if (!record.equals(CrashChild.expected(stream, i))) {
            fail("stream " + stream + " record " + i + " is " + record + " (" + context + ")");
          }
        }
        if (tail > 0) {
          assertThat(state.tail()).isEqualTo(all.get(all.size() - 1).nextPosition());
          // CrashChild's timestamps are 1000 + seq_num / 4: each run starts at a multiple of 4.
          long timestamp = 1000 + (tail - 1) / 8;
          assertThat(storage.seqNumAtOrAfter(stream, timestamp)).hasValue((timestamp - 1000) * 4);
        }
      }
    }
  }
}

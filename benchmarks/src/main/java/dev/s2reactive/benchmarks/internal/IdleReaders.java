package dev.s2reactive.benchmarks.internal;

import dev.s2reactive.core.ReadSession;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Memory of idle tailing readers: opens {@code n} sessions at the tail of a stream nobody writes
 * to, waits until they are all caught up, and reports the growth of the heap after GC and of the
 * process RSS, per reader. With an embedded server both client and server sessions live in this
 * JVM, so the figures bound the server's share from above.
 */
public final class IdleReaders {

  /** Per-reader memory; {@code caughtUp < readers} means some never reached the tail. */
  public record Result(int readers, int caughtUp, long heapBytesPerReader, long rssBytesPerReader,
      long heapBytesBefore, long heapBytesAfter) {}

  private IdleReaders() {}

  public static Result measure(ReactorS2Stream stream, int n, Duration timeout)
      throws InterruptedException {
    long heapBefore = usedHeapAfterGc();
    long rssBefore = rssBytes();
    List<ReadSession> sessions = new ArrayList<>(n);
    List<Disposable> subscriptions = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) {
        ReadSession session = stream.readSession(ReadSpec.from(StartAt.tail()));
        sessions.add(session);
        subscriptions.add(Flux.from(session).subscribe());
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      int caughtUp = 0;
      while (System.nanoTime() < deadline) {
        caughtUp = (int) sessions.stream().filter(ReadSession::isCaughtUp).count();
        if (caughtUp == n) {
          break;
        }
        Thread.sleep(50); // polling the sessions' state with a deadline
      }
      long heapAfter = usedHeapAfterGc();
      long rssAfter = rssBytes();
      return new Result(
          n,
          caughtUp,
          n == 0 ? 0 : (heapAfter - heapBefore) / n,
          n == 0 || rssBefore < 0 ? -1 : (rssAfter - rssBefore) / n,
          heapBefore,
          heapAfter);
    } finally {
      subscriptions.forEach(Disposable::dispose);
    }
  }

  /** Heap in use after a few full collections settle it. */
  public static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100); // let reference processing finish between collections
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Resident set size from /proc (Linux), or -1. */
  public static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}

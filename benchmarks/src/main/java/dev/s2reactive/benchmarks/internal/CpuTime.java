package dev.s2reactive.benchmarks.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time consumed by this JVM or another process, for a load-independent cost measure: on a
 * shared machine wall-clock throughput says how much CPU the run was given, CPU seconds per MiB
 * say how much it needed.
 */
public final class CpuTime {

  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

  private CpuTime() {}

  /** CPU time of this JVM (all threads), or -1 if the platform does not report it. */
  public static long jvmNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  /** User + system CPU time of process {@code pid} from /proc, or -1. */
  public static long processNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // Fields after the command: state(0) ... utime(11) stime(12), in clock ticks.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}

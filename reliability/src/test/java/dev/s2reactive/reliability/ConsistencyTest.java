package dev.s2reactive.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent appends (plain, {@code match_seq_num}, fenced), reads from the head and tail checks
 * against {@code s2r lite}, judged by {@link ConsistencyChecker}: without faults, with the server
 * killed (SIGKILL) and restarted during the run, with network faults through a proxy, and with both.
 */
class ConsistencyTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void historyWithoutFaultsIsConsistent() throws Exception {
    ConsistencyRun.Report report = run(0, server -> FaultInjector.none());

    assertConsistent(report.result());
    assertThat(report.result().indeterminatePresent() + report.result().indeterminateAbsent())
        .isZero();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void historyWithCrashesIsConsistent() throws Exception {
    int faults = Reliability.consistencyFaults();
    ConsistencyRun.Report report = run(faults, CrashFaults::new);

    assertConsistent(report.result());
    assertThat(report.faults()).isEqualTo(faults);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void historyWithNetworkFaultsIsConsistent() throws Exception {
    int faults = Reliability.consistencyFaults() * 2;
    ConsistencyRun.Report report = run(faults, server -> new NetworkFaults());

    assertConsistent(report.result());
    assertThat(report.faults()).isEqualTo(faults);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void historyWithCrashesAndNetworkFaultsIsConsistent() throws Exception {
    int faults = Reliability.consistencyFaults() * 2;
    ConsistencyRun.Report report =
        run(
            faults,
            server -> FaultInjector.anyOf(List.of(new CrashFaults(server), new NetworkFaults())));

    assertConsistent(report.result());
    assertThat(report.faults()).isEqualTo(faults);
  }

  /** The checker, not just its unit tests: a run that really loses writes is reported. */
  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void lostWritesAreReported() throws Exception {
    ConsistencyRun.Report report =
        run(2, server -> new RollbackFaults(server, dir.resolve("snapshot")));

    assertThat(report.result().isConsistent()).isFalse();
    assertThat(report.result().violations())
        .anyMatch(v -> v.startsWith("lost acknowledged record"));
  }

  private static void assertConsistent(ConsistencyChecker.Result result) {
    assertThat(result.violations()).isEmpty();
    assertThat(result.isConsistent()).isTrue();
    // the run exercised every kind of operation and both kinds of definite outcome
    assertThat(result.acknowledged()).isGreaterThan(20);
    assertThat(result.failed()).isPositive();
    assertThat(result.reads()).isPositive();
    assertThat(result.tails()).isPositive();
  }

  private ConsistencyRun.Report run(int faults, Function<LiteProcess, FaultInjector> injector)
      throws Exception {
    try (LiteProcess server =
        new LiteProcess(dir.resolve("data"), dir.resolve("logs"), LiteProcess.currentClasspath())) {
      server.start();
      ConsistencyRun.Config config =
          new ConsistencyRun.Config(
              5, faults, 150, Reliability.seed(), Duration.ofMillis(50), Duration.ofMillis(1000));
      ConsistencyRun.Report report;
      try (FaultInjector fi = injector.apply(server)) {
        report = new ConsistencyRun(server, fi, config).run();
      }
      System.out.println("consistency: " + report.summary());
      report.result().violations().forEach(v -> System.out.println("  violation: " + v));
      return report;
    }
  }
}

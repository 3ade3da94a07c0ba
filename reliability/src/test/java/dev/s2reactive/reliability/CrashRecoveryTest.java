package dev.s2reactive.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code s2r lite} with SIGKILL during sustained appends and live reads, restarts it on the
 * same data directory, and checks that nothing acknowledged was lost and nothing duplicated.
 */
class CrashRecoveryTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES)
  void acknowledgedRecordsSurviveSigkill() throws Exception {
    int rounds = Reliability.crashRounds();
    try (LiteProcess server =
        new LiteProcess(dir.resolve("data"), dir.resolve("logs"), LiteProcess.currentClasspath())) {
      server.start();
      CrashRecoveryRun.Config config =
          new CrashRecoveryRun.Config(
              rounds,
              Reliability.seed(),
              Duration.ofMillis(2),
              200,
              Duration.ofMillis(50),
              Duration.ofMillis(800));
      CrashRecoveryRun.Report report =
          new CrashRecoveryRun(server, new CrashFaults(server), config).run();

      System.out.println("crash recovery: " + report.summary());
      report.violations().forEach(v -> System.out.println("  violation: " + v));
      report.stuck().forEach(v -> System.out.println("  stuck: " + v));
      assertThat(report.violations()).isEmpty();
      if (Reliability.strictLiveness()) {
        assertThat(report.stuck()).isEmpty();
      }
      assertThat(report.rounds()).isEqualTo(rounds);
      assertThat(server.kills()).isEqualTo(rounds);
      assertThat(report.acknowledged()).isGreaterThanOrEqualTo(200L * (rounds + 1));
      assertThat(report.recordsChecked()).isGreaterThanOrEqualTo(report.acknowledged());
    }
  }

  /**
   * The harness itself: a server that loses acknowledged writes is caught. Long runs only
   * ({@code -Preliability}); {@code ConsistencyTest} self-tests the checker in every build.
   */
  @Test
  @EnabledIfSystemProperty(named = "reliability.selftest", matches = "true")
  @Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
  void lostWritesAreReported() throws Exception {
    try (LiteProcess server =
        new LiteProcess(dir.resolve("data"), dir.resolve("logs"), LiteProcess.currentClasspath())) {
      server.start();
      CrashRecoveryRun.Config config =
          new CrashRecoveryRun.Config(
              2, Reliability.seed(), Duration.ofMillis(2), 200, Duration.ZERO, Duration.ZERO);
      CrashRecoveryRun.Report report =
          new CrashRecoveryRun(server, new RollbackFaults(server, dir.resolve("snapshot")), config)
              .run();

      System.out.println("crash recovery with rollback: " + report.summary());
      report.violations().stream().limit(10).forEach(v -> System.out.println("  found: " + v));
      assertThat(report.violations()).anyMatch(v -> v.contains("acknowledged records lost"));
    }
  }
}

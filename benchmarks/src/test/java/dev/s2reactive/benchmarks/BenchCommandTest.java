package dev.s2reactive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

  @Test
  void parsesTheOfficialFlagsAndDefaults() {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs("s2://my-basin", "-b", "1024", "-t", "max", "-d", "5m",
        "-w", "500ms", "--readers", "3");
    assertThat(command.recordSize).isEqualTo(1024);
    assertThat(command.targetMibps).isZero();
    assertThat(command.duration).isEqualTo(Duration.ofMinutes(5));
    assertThat(command.catchupDelay).isEqualTo(Duration.ofMillis(500));
    assertThat(command.readers).isEqualTo(3);

    BenchCommand defaults = new BenchCommand();
    new CommandLine(defaults).parseArgs("s2://b");
    assertThat(defaults.recordSize).isEqualTo(8192);
    assertThat(defaults.targetMibps).isEqualTo(1.0);
    assertThat(defaults.duration).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.catchupDelay).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void targetsAreABasinOrAStream() {
    assertThat(BenchCommand.Target.parse("s2://b")).isEqualTo(new BenchCommand.Target("b", null));
    assertThat(BenchCommand.Target.parse("s2://b/")).isEqualTo(new BenchCommand.Target("b", null));
    assertThat(BenchCommand.Target.parse("s2://b/x/y"))
        .isEqualTo(new BenchCommand.Target("b", "x/y"));
    assertThatThrownBy(() -> BenchCommand.Target.parse("b/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsBadRatesAndDurations() {
    assertThat(new CommandLine(new BenchCommand()).execute("s2://b", "-t", "fast")).isEqualTo(2);
    assertThat(new CommandLine(new BenchCommand()).execute("s2://b", "-d", "soon")).isEqualTo(2);
  }
}

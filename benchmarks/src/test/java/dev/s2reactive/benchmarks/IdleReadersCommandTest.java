package dev.s2reactive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A tiny idle-readers run with the server in a child JVM: asserts only correctness (every reader
 * opened on the server and received the probe record exactly once, the stalled-reader phase
 * ran), never a size or a time.
 */
class IdleReadersCommandTest {

  @Test
  void everyIdleReaderOpensAndReceivesTheProbe(@TempDir Path dir) throws Exception {
    IdleReadersCommand command = new IdleReadersCommand();
    new CommandLine(command).parseArgs("--readers", "20", "--wave", "8", "--warmup-readers", "3",
        "--heap", "256m", "--top", "0", "--timeout", "60s", "--data-dir", dir.toString(),
        "--stalled-readers", "1", "--stalled-mib", "2");

    IdleReadersCommand.Result result = command.measure();

    assertThat(result.firstError()).isNull();
    assertThat(result.opened()).isEqualTo(20);
    assertThat(result.failed()).isZero();
    assertThat(result.probeReceived()).isEqualTo(20);
    assertThat(result.verified()).isTrue();
    assertThat(result.stalled().readers()).isEqualTo(1);
    assertThat(result.toJson()).contains("\"verified\":true", "\"readers\":20");
  }
}

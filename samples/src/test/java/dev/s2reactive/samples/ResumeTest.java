package dev.s2reactive.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.S2Server;
import dev.s2reactive.testkit.S2ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(S2ServerExtension.class)
class ResumeTest {

  @Test
  void resumedReaderStartsExactlyAtTheSavedCursor(S2Server server, @TempDir Path dir)
      throws IOException {
    Path cursorFile = dir.resolve("cursor.txt");
    Files.writeString(cursorFile, "12345\n"); // a stale cursor from another run is replaced
    ResumeResult result;
    try (S2Target target = TestTargets.existing(server)) {
      result =
          Resume.run(
              target,
              new Resume.Options(300, 120, Duration.ofMillis(300), Duration.ofSeconds(60)),
              cursorFile,
              line -> {});
    }

    assertThat(result.written()).isEqualTo(300);
    assertThat(result.firstRun()).isEqualTo(120);
    assertThat(result.savedCursor()).isEqualTo(120);
    assertThat(result.resumedAt()).isEqualTo(120);
    assertThat(result.secondRun()).isEqualTo(180);
    assertThat(result.finalCursor()).isEqualTo(300);
    assertThat(result.overall().received()).isEqualTo(300);
    assertThat(result.overall().missing()).isZero();
    assertThat(result.overall().duplicates()).isZero();
    assertThat(result.overall().wrongBodies()).isZero();
    assertThat(result.ok()).isTrue();
    assertThat(Files.readString(cursorFile).strip()).isEqualTo("300");
  }

  @Test
  void fileCursorSavesAndLoads(@TempDir Path dir) {
    FileCursor cursor = new FileCursor(dir.resolve("c"));
    assertThat(cursor.load()).isEmpty();
    cursor.save(7);
    cursor.save(42);
    assertThat(new FileCursor(dir.resolve("c")).load()).hasValue(42);
    cursor.clear();
    assertThat(cursor.load()).isEmpty();
  }
}

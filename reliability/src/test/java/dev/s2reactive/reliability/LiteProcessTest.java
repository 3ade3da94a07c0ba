package dev.s2reactive.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.reactor.ReactorS2Client;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The separate server process: SIGKILL really is SIGKILL, and a restart keeps port and data. */
class LiteProcessTest {

  @TempDir Path dir;

  @Test
  void destroyForciblySendsSigkillAndRestartKeepsEndpointTokenAndData() {
    try (LiteProcess server =
        new LiteProcess(dir.resolve("data"), dir.resolve("logs"), LiteProcess.currentClasspath())) {
      server.start();
      URI endpoint = server.endpoint();
      String token = server.accessToken();
      try (S2Client client =
          S2Client.create(CrashRecoveryRun.clientOptions(endpoint, token))) {
        ReactorS2Client.from(client)
            .createBasin(CreateBasinRequest.of("survivor"))
            .block(Duration.ofSeconds(30));
      }
      long pid = server.pid();

      // 137 = 128 + SIGKILL: the JVM's shutdown hooks (SIGTERM's clean close) never ran
      assertThat(server.kill()).isEqualTo(LiteProcess.SIGKILL_EXIT_STATUS);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      server.start();

      assertThat(server.endpoint()).isEqualTo(endpoint);
      assertThat(server.accessToken()).isEqualTo(token);
      try (S2Client client =
          S2Client.create(CrashRecoveryRun.clientOptions(endpoint, token))) {
        assertThat(
                ReactorS2Client.from(client)
                    .listBasins("surv")
                    .map(b -> b.name())
                    .collectList()
                    .block(Duration.ofSeconds(30)))
            .containsExactly("survivor");
      }
    }
  }
}

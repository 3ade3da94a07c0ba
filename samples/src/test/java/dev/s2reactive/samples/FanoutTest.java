package dev.s2reactive.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.S2Server;
import dev.s2reactive.testkit.S2ServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(S2ServerExtension.class)
class FanoutTest {

  @Test
  void noReaderMissesOrDuplicatesARecord(S2Server server) {
    FanoutResult result;
    try (S2Target target = TestTargets.existing(server)) {
      result =
          Fanout.run(
              target,
              new Fanout.Options(20, 300, Duration.ofMillis(300), Duration.ofSeconds(60)),
              line -> {});
    }

    assertThat(result.written()).isEqualTo(300);
    assertThat(result.reports()).hasSize(20);
    assertThat(result.reports()).allSatisfy(r -> assertThat(r.matches()).as(r.line()).isTrue());
    assertThat(result.complete()).isEqualTo(20);
    assertThat(result.delivered()).isEqualTo(20 * 300);
    assertThat(result.latency().count()).isEqualTo(20 * 300);
    assertThat(result.ok()).isTrue();
  }
}

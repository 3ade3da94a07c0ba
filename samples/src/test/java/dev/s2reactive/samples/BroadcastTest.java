package dev.s2reactive.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.S2Server;
import dev.s2reactive.testkit.S2ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(S2ServerExtension.class)
class BroadcastTest {

  @Test
  void everyReaderGetsWhatItShouldAndTheReadOnlyTokenIsRefused(S2Server server) {
    List<String> progress = new ArrayList<>();
    BroadcastResult result;
    try (S2Target target = TestTargets.existing(server)) {
      result =
          Broadcast.run(
              target,
              new Broadcast.Options(1000, 50, Duration.ofMillis(200), Duration.ofSeconds(60)),
              progress::add);
    }

    assertThat(result.written()).isEqualTo(1000);
    assertThat(result.batches()).isBetween(1L, 1000L);
    assertThat(result.readers())
        .extracting(ReaderReport::reader)
        .containsExactly(
            "live tail (Reactor Flux)",
            "live tail (RxJava Flowable)",
            "replay --timestamp T0 --until T1",
            "last 50 (tail_offset=50)");
    assertThat(result.readers()).allSatisfy(r -> assertThat(r.matches()).as(r.line()).isTrue());
    assertThat(result.readers().get(0).received()).isEqualTo(1000);
    assertThat(result.readers().get(1).received()).isEqualTo(1000);
    // the window starts at line 250's timestamp: never empty (matches() checked its exact range)
    assertThat(result.readers().get(2).received()).isBetween(1L, 1000L);
    assertThat(result.readers().get(3).received()).isEqualTo(50);
    assertThat(result.refusalChecked()).isTrue();
    assertThat(result.refusal())
        .hasValueSatisfying(
            r -> {
              assertThat(r.status()).isEqualTo(403);
              assertThat(r.code()).isEqualTo("permission_denied");
            });
    assertThat(result.latency().count()).isEqualTo(1000);
    assertThat(result.latency().p50Micros()).isLessThanOrEqualTo(result.latency().p99Micros());
    assertThat(result.ok()).isTrue();
    assertThat(result.summary()).last().isEqualTo("broadcast: OK");
    assertThat(progress).first().asString().startsWith("broadcast on S2 at http://");
  }
}

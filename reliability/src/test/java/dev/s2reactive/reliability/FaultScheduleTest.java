package dev.s2reactive.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

  /** Counts faults and notes the progress seen at each. */
  private static class Recorder implements FaultInjector {
    final AtomicLong progress;
    final List<Long> seenAt = new ArrayList<>();

    Recorder(AtomicLong progress) {
      this.progress = progress;
    }

    @Override
    public String describe() {
      return "recorder";
    }

    @Override
    public void inject(RandomGenerator random) {
      seenAt.add(progress.get());
    }

    @Override
    public long faultsInjected() {
      return seenAt.size();
    }
  }

  @Test
  void injectsEachFaultOnlyAfterTheRequiredProgress() throws Exception {
    AtomicLong progress = new AtomicLong();
    Recorder recorder = new Recorder(progress);
    // every poll of the progress makes one unit of progress
    FaultSchedule schedule =
        new FaultSchedule(3, 5, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10));

    int injected = schedule.run(recorder, progress::incrementAndGet, new SplittableRandom(1));

    assertThat(injected).isEqualTo(3);
    assertThat(recorder.seenAt).hasSize(3);
    for (int i = 1; i < 3; i++) {
      assertThat(recorder.seenAt.get(i) - recorder.seenAt.get(i - 1)).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void failsWhenTheWorkloadStalls() {
    Recorder recorder = new Recorder(new AtomicLong());
    FaultSchedule schedule =
        new FaultSchedule(1, 1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(50));

    assertThatThrownBy(() -> schedule.run(recorder, () -> 0, new SplittableRandom(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no progress");
    assertThat(recorder.seenAt).isEmpty();
  }

  @Test
  void anyOfPicksAmongInjectorsAndChainsEndpoints() throws Exception {
    AtomicLong progress = new AtomicLong();
    Recorder a = new Recorder(progress);
    Recorder b = new Recorder(progress) {
      @Override
      public java.net.URI clientEndpoint(java.net.URI server) {
        return java.net.URI.create("http://127.0.0.1:1" + server.getPort());
      }
    };
    FaultInjector both = FaultInjector.anyOf(List.of(a, b));

    new FaultSchedule(40, 0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10))
        .run(both, progress::get, new SplittableRandom(3));

    assertThat(both.faultsInjected()).isEqualTo(40);
    assertThat(a.faultsInjected()).isPositive();
    assertThat(b.faultsInjected()).isPositive();
    assertThat(both.clientEndpoint(java.net.URI.create("http://127.0.0.1:80")))
        .isEqualTo(java.net.URI.create("http://127.0.0.1:180"));
    assertThat(both.describe()).isEqualTo("recorder or recorder");
  }
}

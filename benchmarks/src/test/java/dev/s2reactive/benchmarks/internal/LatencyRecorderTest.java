package dev.s2reactive.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void percentilesOfOneToTenMilliseconds() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int ms = 1; ms <= 10; ms++) {
      recorder.record(ms * 1_000_000L);
    }
    LatencyStats stats = recorder.stats();
    assertThat(stats.count()).isEqualTo(10);
    assertThat((double) stats.minNanos()).isCloseTo(1e6, within(1e4));
    assertThat((double) stats.p50Nanos()).isCloseTo(5e6, within(5e4));
    assertThat((double) stats.p90Nanos()).isCloseTo(9e6, within(9e4));
    assertThat((double) stats.maxNanos()).isCloseTo(10e6, within(1e5));
  }

  @Test
  void mergeAddsSamplesAndNegativeSkewIsClamped() {
    LatencyRecorder a = new LatencyRecorder();
    LatencyRecorder b = new LatencyRecorder();
    a.record(-5);
    b.record(2_000_000);
    a.merge(b);
    assertThat(a.count()).isEqualTo(2);
    assertThat(a.stats().minNanos()).isLessThanOrEqualTo(1_000);
  }

  @Test
  void emptyAndFormatting() {
    assertThat(new LatencyRecorder().stats()).isEqualTo(LatencyStats.EMPTY);
    assertThat(LatencyStats.format(812_300)).isEqualTo("812.3us");
    assertThat(LatencyStats.format(4_210_000)).isEqualTo("4.21ms");
    assertThat(LatencyStats.format(1_200_000_000)).isEqualTo("1.20s");
  }
}

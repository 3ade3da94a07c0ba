package dev.s2reactive.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {

  private static List<String> histogram(long bytesArrays, long sessions) {
    return List.of(
        " num     #instances         #bytes  class name (module)",
        "-------------------------------------------------------",
        "   1:          1000   " + bytesArrays + "  [B (java.base@17.0.15)",
        "   2:        " + sessions + "        " + sessions * 152
            + "  dev.s2reactive.server.internal.engine.ReadSession",
        "   3:            10            160  java.lang.Object (java.base@17.0.15)",
        "Total          2010        9999999");
  }

  @Test
  void growthIsPerSessionAndSortedByBytes() {
    ClassHistogram before = ClassHistogram.parse(histogram(100_000, 0));
    ClassHistogram after = ClassHistogram.parse(histogram(100_800, 10));

    List<ClassHistogram.Growth> growth = after.growthSince(before, 10, 2);

    assertThat(growth).containsExactly(
        new ClassHistogram.Growth("dev.s2reactive.server.internal.engine.ReadSession", 1, 152),
        new ClassHistogram.Growth("[B", 0, 80));
    assertThat(after.totalBytes()).isEqualTo(100_800 + 1520 + 160);
  }
}

package dev.s2reactive.benchmarks.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live-object class histogram ({@code jmap -histo:live}, {@code GC.class_histogram}) and the
 * per-class growth between two of them. Immutable.
 */
public final class ClassHistogram {

  /** Growth of one class between two histograms, divided by the number of sessions added. */
  public record Growth(String className, double instancesEach, double bytesEach) {}

  private record Count(long instances, long bytes) {}

  // "   1:         12345        6789012  [B (java.base@17.0.15)"
  private static final Pattern LINE =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

  private final Map<String, Count> counts;

  private ClassHistogram(Map<String, Count> counts) {
    this.counts = counts;
  }

  /** Parses the histogram's lines; headers, separators and the total line are skipped. */
  public static ClassHistogram parse(List<String> lines) {
    Map<String, Count> counts = new HashMap<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        counts.merge(m.group(3), new Count(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
            (a, b) -> new Count(a.instances + b.instances, a.bytes + b.bytes));
      }
    }
    return new ClassHistogram(counts);
  }

  /** Classes whose bytes grew most from {@code before} to this, per one of {@code sessions}. */
  public List<Growth> growthSince(ClassHistogram before, int sessions, int top) {
    List<Growth> growth = new ArrayList<>();
    counts.forEach((name, after) -> {
      Count base = before.counts.getOrDefault(name, new Count(0, 0));
      growth.add(new Growth(name, (after.instances - base.instances) / (double) sessions,
          (after.bytes - base.bytes) / (double) sessions));
    });
    growth.sort(Comparator.comparingDouble(Growth::bytesEach).reversed());
    return growth.subList(0, Math.min(top, growth.size()));
  }

  /** Total bytes of all classes. */
  public long totalBytes() {
    return counts.values().stream().mapToLong(Count::bytes).sum();
  }
}

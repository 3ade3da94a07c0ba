package dev.s2reactive.samples;

import java.util.ArrayList;
import java.util.List;

/**
 * What the {@link Fanout} sample saw. Immutable.
 *
 * @param target where it ran
 * @param setting basin, stream and token
 * @param readers readers started
 * @param written records the writer's acknowledgements reported
 * @param expectedWritten records the writer was asked to write
 * @param reports one per reader that finished
 * @param latency append→read latency over every delivery
 */
public record FanoutResult(
    String target,
    String setting,
    int readers,
    long written,
    long expectedWritten,
    List<ReaderReport> reports,
    LatencySummary latency) {

  public FanoutResult {
    reports = List.copyOf(reports);
  }

  /** Readers that received exactly what was written. */
  public long complete() {
    return reports.stream().filter(ReaderReport::matches).count();
  }

  /** Records delivered over all readers. */
  public long delivered() {
    return reports.stream().mapToLong(ReaderReport::received).sum();
  }

  /** True when everything was written and every reader received every record once, in order. */
  public boolean ok() {
    return written == expectedWritten && reports.size() == readers && complete() == readers;
  }

  /** The lines printed at the end of the demo (its progress lines named target and setting). */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("  writer: %d of %d log lines durable", written, expectedWritten));
    lines.add(
        String.format(
            "  %d of %d readers received all %d records in order, each once (%d deliveries)",
            complete(), readers, expectedWritten, delivered()));
    reports.stream()
        .filter(r -> !r.matches())
        .limit(5)
        .forEach(r -> lines.add("    " + r.line()));
    lines.add("  append->read latency (all readers): " + latency.line());
    lines.add(ok() ? "fanout: OK" : "fanout: FAILED");
    return lines;
  }
}

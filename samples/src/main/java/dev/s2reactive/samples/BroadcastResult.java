package dev.s2reactive.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the {@link Broadcast} sample saw. Immutable.
 *
 * @param target where it ran
 * @param setting basin, stream and token
 * @param written records the writer's acknowledgements reported
 * @param expectedWritten records the writer was asked to write
 * @param batches append batches the sink used
 * @param readers what each reader received against what it should have
 * @param refusal how the server refused an append with the read-only token; empty if it did not
 *     (or if the server runs without auth, see {@code refusalChecked})
 * @param refusalChecked false when the server runs without auth and there was nothing to refuse
 * @param latency append→read latency seen by the live tail
 */
public record BroadcastResult(
    String target,
    String setting,
    long written,
    long expectedWritten,
    long batches,
    List<ReaderReport> readers,
    Optional<Refusal> refusal,
    boolean refusalChecked,
    LatencySummary latency) {

  /**
   * The server's answer to an append with the read-only token.
   *
   * @param status HTTP status
   * @param code S2 error code, for example {@code permission_denied}
   * @param message the server's message
   */
  public record Refusal(int status, String code, String message) {}

  public BroadcastResult {
    readers = List.copyOf(readers);
  }

  /** True when all was written, every reader matched, and the read-only token was refused. */
  public boolean ok() {
    return written == expectedWritten
        && readers.stream().allMatch(ReaderReport::matches)
        && (!refusalChecked || refusal.filter(r -> r.status() == 403).isPresent());
  }

  /** The lines printed at the end of the demo (its progress lines named target and setting). */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "  writer: %d of %d log lines durable, in %d batches through ReactorAppendSink",
            written, expectedWritten, batches));
    lines.add("  readers (received / expected):");
    readers.forEach(r -> lines.add("    " + r.line()));
    if (!refusalChecked) {
      lines.add("  read-only token: not checked (the server runs without auth)");
    } else {
      lines.add(
          refusal
              .map(
                  r ->
                      "  append with the read-only token: refused, "
                          + r.status()
                          + " "
                          + r.code()
                          + ": "
                          + r.message())
              .orElse("  append with the read-only token: ACCEPTED (expected a refusal)"));
    }
    lines.add("  append->read latency (live tail): " + latency.line());
    lines.add(ok() ? "broadcast: OK" : "broadcast: FAILED");
    return lines;
  }
}

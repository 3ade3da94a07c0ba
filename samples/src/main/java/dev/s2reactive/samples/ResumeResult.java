package dev.s2reactive.samples;

import java.util.List;

/**
 * What the {@link Resume} sample saw. Immutable.
 *
 * @param target where it ran
 * @param setting basin, stream and token
 * @param written records the writer's acknowledgements reported
 * @param expectedWritten records the writer was asked to write
 * @param firstRun records the first reader processed before it was stopped
 * @param savedCursor the cursor in the file when it stopped (the next seq_num to process)
 * @param resumedAt the seq_num of the first record the resumed reader received
 * @param secondRun records the resumed reader processed
 * @param finalCursor the cursor in the file at the end
 * @param overall both runs together against everything written
 * @param cursorFile the file, as a string
 */
public record ResumeResult(
    String target,
    String setting,
    long written,
    long expectedWritten,
    long firstRun,
    long savedCursor,
    long resumedAt,
    long secondRun,
    long finalCursor,
    ReaderReport overall,
    String cursorFile) {

  /**
   * True when the resumed reader started exactly at the saved cursor and both runs together
   * received every record once, in order.
   */
  public boolean ok() {
    return written == expectedWritten
        && resumedAt == savedCursor
        && firstRun + secondRun == written
        && overall.matches();
  }

  /** The lines printed at the end of the demo (its progress lines named target and setting). */
  public List<String> summary() {
    return List.of(
        String.format("  writer: %d of %d log lines durable", written, expectedWritten),
        String.format(
            "  run 1: processed %d records live, then stopped; cursor file %s says next = %d",
            firstRun, cursorFile, savedCursor),
        String.format(
            "  run 2: a new reader loaded the cursor and received seq_num %d first (%s), then %d"
                + " records in all; cursor now %d",
            resumedAt,
            resumedAt == savedCursor ? "exactly the cursor" : "NOT the cursor",
            secondRun,
            finalCursor),
        "  both runs (received / expected): " + overall.line(),
        ok() ? "resume: OK (no gap, no duplicate)" : "resume: FAILED");
  }
}

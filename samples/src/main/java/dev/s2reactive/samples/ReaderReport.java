package dev.s2reactive.samples;

/**
 * What one reader received compared with what it should have: the records of a seq_num range, in
 * order, each once, with the bodies the writer wrote. Immutable.
 *
 * @param reader the reader's name
 * @param expected records it should have received
 * @param received records it did receive
 * @param missing expected records it never received
 * @param duplicates records received again or out of order
 * @param unexpected records outside the expected range
 * @param wrongBodies records whose body is not what the writer wrote at that position
 */
public record ReaderReport(
    String reader,
    long expected,
    long received,
    long missing,
    long duplicates,
    long unexpected,
    long wrongBodies) {

  /** True when the reader received exactly the expected records. */
  public boolean matches() {
    return received == expected
        && missing == 0
        && duplicates == 0
        && unexpected == 0
        && wrongBodies == 0;
  }

  /** One line: the counts, then {@code ok} or what went wrong. */
  public String line() {
    String verdict =
        matches()
            ? "ok"
            : String.format(
                "MISMATCH (missing %d, duplicated %d, unexpected %d, wrong bodies %d)",
                missing, duplicates, unexpected, wrongBodies);
    return String.format("%-34s %7d / %-7d %s", reader, received, expected, verdict);
  }
}

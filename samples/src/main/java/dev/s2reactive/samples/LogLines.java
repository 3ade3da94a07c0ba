package dev.s2reactive.samples;

import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.SequencedRecord;
import java.util.OptionalLong;

/**
 * Synthetic access-log lines. Line {@code i} always has the same body, so a reader can check what
 * it received; a header carries the {@link System#nanoTime()} at which the line was handed to the
 * append sink, so a reader in the same process can measure append→read latency.
 */
final class LogLines {

  /** Header holding the send time, {@link System#nanoTime()} in decimal. */
  static final String SENT_AT_HEADER = "sent-at-nanos";

  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "INFO", "ERROR"};
  private static final String[] PATHS = {"/", "/health", "/api/orders", "/api/items", "/login"};

  private LogLines() {}

  /** The body of line {@code i}. */
  static String body(long i) {
    int n = (int) (i % 1_000_003);
    return String.format(
        "%08d %-5s [worker-%d] GET %s %d %d ms",
        i,
        LEVELS[n % LEVELS.length],
        n % 8,
        PATHS[n % PATHS.length],
        n % 97 == 0 ? 500 : 200,
        3 + (n * 7919) % 40);
  }

  /** Line {@code i} as a record stamped with the current {@link System#nanoTime()}. */
  static AppendRecord record(long i) {
    return AppendRecord.builder()
        .header(Header.of(SENT_AT_HEADER, Long.toString(System.nanoTime())))
        .body(body(i))
        .build();
  }

  /** The send time a record carries, if it has one. */
  static OptionalLong sentAtNanos(SequencedRecord record) {
    for (Header header : record.headers()) {
      if (header.name().utf8().equals(SENT_AT_HEADER)) {
        try {
          return OptionalLong.of(Long.parseLong(header.value().utf8()));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }
}

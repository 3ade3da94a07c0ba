package dev.s2reactive.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.SequencedRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker the samples' verdicts rest on must notice every kind of mistake. */
class SequenceCheckTest {

  private static SequencedRecord line(long seqNum, long base) {
    return new SequencedRecord(seqNum, 0, List.of(), Bytes.utf8(LogLines.body(seqNum - base)));
  }

  @Test
  void exactRangeMatches() {
    SequenceCheck check = new SequenceCheck("r", 10, 12, 15);
    check.accept(line(12, 10));
    check.accept(line(13, 10));
    check.accept(line(14, 10));
    assertThat(check.report()).isEqualTo(new ReaderReport("r", 3, 3, 0, 0, 0, 0));
    assertThat(check.report().matches()).isTrue();
  }

  @Test
  void gapsDuplicatesStrangersWrongBodiesAndShortReadsAreCaught() {
    SequenceCheck check = new SequenceCheck("r", 0, 0, 6);
    check.accept(line(0, 0));
    check.accept(line(2, 0)); // 1 missing
    check.accept(line(2, 0)); // duplicate
    check.accept(line(9, 0)); // outside the range
    check.accept(new SequencedRecord(3, 0, List.of(), Bytes.utf8("something else")));
    // 4 and 5 never arrive
    ReaderReport report = check.report();
    assertThat(report).isEqualTo(new ReaderReport("r", 6, 5, 3, 1, 1, 1));
    assertThat(report.matches()).isFalse();
    assertThat(report.line()).contains("MISMATCH");
  }

  @Test
  void logLinesCarryTheirSendTime() {
    long before = System.nanoTime();
    var record = LogLines.record(5);
    SequencedRecord read = new SequencedRecord(5, 1, record.headers(), record.body());
    assertThat(LogLines.sentAtNanos(read)).isPresent();
    assertThat(LogLines.sentAtNanos(read).getAsLong()).isGreaterThanOrEqualTo(before);
    assertThat(read.body().utf8()).isEqualTo(LogLines.body(5)).startsWith("00000005 ");
    SequencedRecord other = new SequencedRecord(0, 0, List.of(Header.of("x", "y")), Bytes.EMPTY);
    assertThat(LogLines.sentAtNanos(other)).isEmpty();
  }
}

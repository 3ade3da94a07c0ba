package dev.s2reactive.samples;

import dev.s2reactive.core.model.SequencedRecord;

/**
 * Checks, record by record, that a reader receives the seq_nums {@code [from, to)} in order, each
 * once, with the bodies {@link LogLines} wrote (line {@code seqNum - base}). Not thread-safe: feed
 * it from one subscriber (Reactive Streams signals are serial), and read the report after the read
 * completed.
 */
final class SequenceCheck {

  private final String reader;
  private final long base;
  private final long from;
  private final long to;
  private long next;
  private long received;
  private long skipped;
  private long duplicates;
  private long unexpected;
  private long wrongBodies;

  /**
   * @param reader the reader's name, for the report
   * @param base the seq_num of line 0
   * @param from first expected seq_num
   * @param to seq_num after the last expected one
   */
  SequenceCheck(String reader, long base, long from, long to) {
    this.reader = reader;
    this.base = base;
    this.from = from;
    this.to = to;
    this.next = from;
  }

  void accept(SequencedRecord record) {
    received++;
    long seqNum = record.seqNum();
    if (seqNum < from || seqNum >= to) {
      unexpected++;
      return;
    }
    if (seqNum < next) {
      duplicates++;
      return;
    }
    skipped += seqNum - next;
    next = seqNum + 1;
    if (!record.body().utf8().equals(LogLines.body(seqNum - base))) {
      wrongBodies++;
    }
  }

  /** The next seq_num this reader expects. */
  long next() {
    return next;
  }

  ReaderReport report() {
    return new ReaderReport(
        reader, to - from, received, skipped + (to - next), duplicates, unexpected, wrongBodies);
  }
}

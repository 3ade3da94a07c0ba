package dev.s2reactive.server.internal.engine;

/**
 * Where a read starts (protocol §7.1). Values are unsigned 64-bit.
 *
 * @param kind which query parameter gave the start
 * @param value the seq_num, timestamp or offset from the tail
 */
public record ReadStart(Kind kind, long value) {

  /** The start query parameters. */
  public enum Kind {
    SEQ_NUM,
    TIMESTAMP,
    TAIL_OFFSET
  }

  public static ReadStart seqNum(long seqNum) {
    return new ReadStart(Kind.SEQ_NUM, seqNum);
  }

  public static ReadStart timestamp(long timestamp) {
    return new ReadStart(Kind.TIMESTAMP, timestamp);
  }

  public static ReadStart tailOffset(long offset) {
    return new ReadStart(Kind.TAIL_OFFSET, offset);
  }

  /** The default start: the tail ({@code tail_offset=0}). */
  public static ReadStart tail() {
    return tailOffset(0);
  }
}

package dev.s2reactive.core.internal.codec.sse;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;

/**
 * The id of an S2 {@code batch} event and the value of the {@code Last-Event-ID} request header
 * (protocol §8): {@code seq_num,count,bytes}. Immutable and thread-safe. All three are unsigned
 * 64-bit values held in a {@code long}.
 *
 * @param seqNum seq_num of the last record of the batch
 * @param count records delivered so far in the response, this batch included
 * @param bytes metered bytes delivered so far in the response, this batch included
 */
public record LastEventId(long seqNum, long count, long bytes) {

  /** The HTTP request header that carries the value when a client resumes. */
  public static final String HEADER = "Last-Event-ID";

  /**
   * Parses {@code seq_num,count,bytes}: three unsigned decimal integers, nothing else (surrounding
   * whitespace, which HTTP allows around header values, is ignored).
   *
   * @throws S2Exception 400 {@code bad_header} when the value is malformed
   */
  public static LastEventId parse(String value) {
    if (value == null) {
      throw badHeader("missing seq_num in Last-Event-Id");
    }
    String text = value.strip();
    int firstComma = text.indexOf(',');
    int secondComma = firstComma < 0 ? -1 : text.indexOf(',', firstComma + 1);
    String seqNum = firstComma < 0 ? text : text.substring(0, firstComma);
    if (firstComma < 0) {
      parseField(seqNum, "seq_num");
      throw badHeader("missing count in Last-Event-Id");
    }
    String count =
        secondComma < 0 ? text.substring(firstComma + 1) : text.substring(firstComma + 1, secondComma);
    if (secondComma < 0) {
      parseField(seqNum, "seq_num");
      parseField(count, "count");
      throw badHeader("missing bytes in Last-Event-Id");
    }
    String bytes = text.substring(secondComma + 1);
    if (bytes.indexOf(',') >= 0) {
      throw badHeader("unexpected extra field in Last-Event-Id");
    }
    return new LastEventId(
        parseField(seqNum, "seq_num"), parseField(count, "count"), parseField(bytes, "bytes"));
  }

  /** The wire form, {@code seq_num,count,bytes}. */
  public String format() {
    return Long.toUnsignedString(seqNum)
        + ','
        + Long.toUnsignedString(count)
        + ','
        + Long.toUnsignedString(bytes);
  }

  @Override
  public String toString() {
    return format();
  }

  private static long parseField(String text, String name) {
    if (text.isEmpty()) {
      throw badHeader("missing " + name + " in Last-Event-Id");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw badHeader("invalid " + name + " in Last-Event-Id: " + abbreviate(text));
      }
    }
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw badHeader(name + " out of range in Last-Event-Id: " + abbreviate(text));
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  private static S2Exception badHeader(String message) {
    return S2Exception.of(ErrorCode.BAD_HEADER, message);
  }
}

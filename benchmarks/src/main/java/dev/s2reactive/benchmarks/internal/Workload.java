package dev.s2reactive.benchmarks.internal;

import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.Metering;
import dev.s2reactive.core.model.SequencedRecord;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the bench records: a random body, one {@code hash} header holding the 8-byte chain
 * hash (big-endian) and the intended send time as the record timestamp (microseconds since the
 * run's origin), sized so that each record meters exactly {@code recordSize} bytes. This is the
 * record layout of the official {@code s2 bench}. Not thread-safe: one writer thread.
 */
public final class Workload {

  /** Name of the header carrying the chain hash. */
  public static final Bytes HASH_HEADER = Bytes.utf8("hash");
  /** Metered bytes of a record beyond its body: overhead, header name and 8-byte value. */
  public static final int OVERHEAD = Metering.RECORD_OVERHEAD + 2 + 4 + 8;
  public static final int MIN_RECORD_SIZE = 128;
  public static final int MAX_RECORD_SIZE = 1024 * 1024;

  private static final int POOL_BYTES = 1 << 20;

  private final int recordSize;
  private final int bodySize;
  private final byte[] pool;
  private final SplittableRandom random;
  private long previousHash;
  private long generated;

  public Workload(int recordSize, long seed) {
    this.recordSize = checkRecordSize(recordSize);
    this.bodySize = recordSize - OVERHEAD;
    this.random = new SplittableRandom(seed);
    this.pool = new byte[POOL_BYTES + bodySize];
    random.nextBytes(pool);
  }

  public static int checkRecordSize(int recordSize) {
    if (recordSize < MIN_RECORD_SIZE || recordSize > MAX_RECORD_SIZE) {
      throw new IllegalArgumentException(
          "record size must be " + MIN_RECORD_SIZE + ".." + MAX_RECORD_SIZE + ": " + recordSize);
    }
    return recordSize;
  }

  public int recordSize() {
    return recordSize;
  }

  public int bodySize() {
    return bodySize;
  }

  /** The next record of the chain, stamped with {@code timestampMicros}. */
  public AppendRecord next(long timestampMicros) {
    byte[] body = new byte[bodySize];
    // A random window of a random pool: distinct bodies without paying for randomness per byte.
    System.arraycopy(pool, random.nextInt(POOL_BYTES), body, 0, bodySize);
    long hash = ChainHash.next(previousHash, body);
    previousHash = hash;
    generated++;
    return new AppendRecord(
        java.util.OptionalLong.of(timestampMicros),
        List.of(new Header(HASH_HEADER, BytesInternals.wrap(longBytes(hash)))),
        BytesInternals.wrap(body));
  }

  /** Hash of the last generated record (0 before the first). */
  public long lastHash() {
    return previousHash;
  }

  public long generated() {
    return generated;
  }

  /**
   * The chain hash carried by {@code record}.
   *
   * @throws IllegalArgumentException if the record has no well-formed {@code hash} header
   */
  public static long carriedHash(SequencedRecord record) {
    for (Header header : record.headers()) {
      if (header.name().equals(HASH_HEADER)) {
        Bytes value = header.value();
        if (value.size() != 8) {
          throw new IllegalArgumentException("hash header of " + value.size() + " bytes, not 8");
        }
        long hash = 0;
        for (int i = 0; i < 8; i++) {
          hash = (hash << 8) | (value.byteAt(i) & 0xFF);
        }
        return hash;
      }
    }
    throw new IllegalArgumentException("no hash header");
  }

  static byte[] longBytes(long value) {
    byte[] bytes = new byte[8];
    for (int i = 7; i >= 0; i--) {
      bytes[i] = (byte) value;
      value >>>= 8;
    }
    return bytes;
  }
}

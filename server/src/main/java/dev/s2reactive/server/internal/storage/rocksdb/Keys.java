package dev.s2reactive.server.internal.storage.rocksdb;

/**
 * Key layouts. Every number is big-endian so RocksDB's bytewise order is numeric (unsigned) order:
 * a stream's records iterate in seq_num order and its index entries in timestamp order.
 */
final class Keys {

  /** Longer than any stream key, and all 0xFF: the exclusive end of a stream's whole range. */
  private static final int STREAM_END_SUFFIX = 17;

  static final byte[] EMPTY = new byte[0];

  private Keys() {}

  /** {@code streamId ‖ 0x00}: a stream's trim floor (sorts right after its state key). */
  static byte[] trimFloor(long streamId) {
    byte[] key = new byte[9];
    putLong(key, 0, streamId);
    return key;
  }

  /** {@code streamId ‖ seqNum}: a chunk of records whose first seq_num is {@code seqNum}. */
  static byte[] record(long streamId, long seqNum) {
    byte[] key = new byte[16];
    putLong(key, 0, streamId);
    putLong(key, 8, seqNum);
    return key;
  }

  /** {@code streamId ‖ timestamp ‖ seqNum}: the first record of a run with this timestamp. */
  static byte[] timestamp(long streamId, long timestamp, long seqNum) {
    byte[] key = new byte[24];
    putLong(key, 0, streamId);
    putLong(key, 8, timestamp);
    putLong(key, 16, seqNum);
    return key;
  }

  /** {@code streamId}: a stream's state. */
  static byte[] stream(long streamId) {
    byte[] key = new byte[8];
    putLong(key, 0, streamId);
    return key;
  }

  /** Greater than every key that starts with {@code streamId}, less than the next stream's. */
  static byte[] streamEnd(long streamId) {
    byte[] key = new byte[8 + STREAM_END_SUFFIX];
    putLong(key, 0, streamId);
    for (int i = 8; i < key.length; i++) {
      key[i] = (byte) 0xFF;
    }
    return key;
  }

  static boolean hasStream(byte[] key, long streamId) {
    return key.length >= 8 && getLong(key, 0) == streamId;
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }
}

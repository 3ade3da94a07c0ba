package dev.s2reactive.core.internal.client;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.model.AppendRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Groups records into append batches of at most {@code maxRecords} records and {@code maxBytes}
 * metered bytes, and says when a batch that is not full has lingered long enough. Pure logic: the
 * caller passes the time in (monotonic nanoseconds) and owns any timer.
 *
 * <p>A record whose metered size exceeds {@code maxBytes} but not the protocol's 1 MiB travels in a
 * batch of its own; a record above 1 MiB is rejected.
 *
 * <p>Not thread-safe: the append sink serialises calls.
 */
public final class Batcher {

  /** A batch ready to send. */
  public record Batch(List<AppendRecord> records, long meteredBytes) {
    public Batch {
      records = List.copyOf(records);
    }
  }

  private final int maxRecords;
  private final long maxBytes;
  private final long lingerNanos;

  private ArrayList<AppendRecord> open = new ArrayList<>();
  private long openBytes;
  private long openedAtNanos;

  public Batcher(int maxRecords, long maxBytes, Duration linger) {
    if (maxRecords < 1 || maxRecords > AppendOptions.MAX_BATCH_RECORDS) {
      throw new IllegalArgumentException("maxRecords out of range: " + maxRecords);
    }
    if (maxBytes < 1 || maxBytes > AppendOptions.MAX_BATCH_BYTES) {
      throw new IllegalArgumentException("maxBytes out of range: " + maxBytes);
    }
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.lingerNanos = linger.toNanos();
  }

  public static Batcher from(AppendOptions options) {
    return new Batcher(options.maxBatchRecords(), options.maxBatchBytes(), options.linger());
  }

  /**
   * Checks that {@code record} can be appended at all.
   *
   * @return its metered size
   * @throws IllegalArgumentException if its metered size exceeds 1 MiB
   */
  public static long checkRecordSize(AppendRecord record) {
    long size = record.meteredBytes();
    if (size > AppendOptions.MAX_BATCH_BYTES) {
      throw new IllegalArgumentException(
          "record too large: metered size "
              + size
              + " bytes exceeds the limit of "
              + AppendOptions.MAX_BATCH_BYTES
              + " bytes (1 MiB) per record");
    }
    return size;
  }

  /**
   * Adds a record and returns the batches that became ready, oldest first: none, the batch the
   * record did not fit into, and/or the batch the record filled.
   *
   * @throws IllegalArgumentException if the record's metered size exceeds 1 MiB; nothing changes
   */
  public List<Batch> add(AppendRecord record, long nowNanos) {
    long size = checkRecordSize(record);
    Batch sealed = null;
    if (!open.isEmpty() && openBytes + size > maxBytes) {
      sealed = seal();
    }
    if (open.isEmpty()) {
      openedAtNanos = nowNanos;
    }
    open.add(record);
    openBytes += size;
    if (open.size() >= maxRecords || openBytes >= maxBytes) {
      Batch full = seal();
      return sealed == null ? List.of(full) : List.of(sealed, full);
    }
    return sealed == null ? List.of() : List.of(sealed);
  }

  /**
   * When the open batch must be sent even if not full: the time its first record arrived plus
   * linger. Empty when nothing is pending.
   */
  public OptionalLong lingerDeadline() {
    return open.isEmpty() ? OptionalLong.empty() : OptionalLong.of(openedAtNanos + lingerNanos);
  }

  /** The open batch if its linger has expired at {@code nowNanos}. */
  public Optional<Batch> pollExpired(long nowNanos) {
    if (open.isEmpty() || nowNanos - (openedAtNanos + lingerNanos) < 0) {
      return Optional.empty();
    }
    return Optional.of(seal());
  }

  /** The open batch regardless of linger (for flush and completion); empty when none. */
  public Optional<Batch> drain() {
    return open.isEmpty() ? Optional.empty() : Optional.of(seal());
  }

  public boolean isEmpty() {
    return open.isEmpty();
  }

  public int pendingRecords() {
    return open.size();
  }

  public long pendingBytes() {
    return openBytes;
  }

  private Batch seal() {
    Batch batch = new Batch(open, openBytes);
    open = new ArrayList<>();
    openBytes = 0;
    return batch;
  }
}

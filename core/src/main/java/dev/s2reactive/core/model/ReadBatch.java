package dev.s2reactive.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch of records read from a stream. Immutable and thread-safe.
 *
 * <p>{@code tail} is present on batches delivered from the live (follow) path and on heartbeats
 * (a heartbeat is a batch with no records and a tail); it is absent on batches read from storage.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 */
public record ReadBatch(List<SequencedRecord> records, Optional<StreamPosition> tail) {

  /** An empty batch without a tail. */
  public static final ReadBatch EMPTY = new ReadBatch(List.of(), Optional.empty());

  public ReadBatch {
    records = List.copyOf(records);
    Objects.requireNonNull(tail, "tail");
  }

  public static ReadBatch of(List<SequencedRecord> records) {
    return new ReadBatch(records, Optional.empty());
  }

  public static ReadBatch of(List<SequencedRecord> records, StreamPosition tail) {
    return new ReadBatch(records, Optional.of(tail));
  }

  /** A heartbeat: no records, the current tail. */
  public static ReadBatch heartbeat(StreamPosition tail) {
    return new ReadBatch(List.of(), Optional.of(tail));
  }

  public boolean isHeartbeat() {
    return records.isEmpty() && tail.isPresent();
  }

  /** Sum of the records' metered sizes. */
  public long meteredBytes() {
    long size = 0;
    for (int i = 0, n = records.size(); i < n; i++) {
      size += records.get(i).meteredBytes();
    }
    return size;
  }
}

package dev.s2reactive.server.internal.storage;

import dev.s2reactive.core.model.SequencedRecord;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The records of every stream, keyed by a numeric stream id that the catalog allocates and never
 * reuses (so a deleted stream's records can be removed in the background while a new stream of the
 * same name starts empty).
 *
 * <p>Threading: {@link #append} never blocks its caller. Reads and look-ups may block on disk and
 * must be called off event loops. All methods are safe to call from any thread; per stream, the
 * caller (the stream's sequencer) serialises appends.
 */
public interface LogStore {

  /** The persisted state of a stream, or empty when nothing was ever appended to it. */
  Optional<StreamState> state(long streamId);

  /**
   * Writes sequenced records and the stream's new state as one atomic, durable write. The records'
   * seq_nums continue from the previous tail without a gap. An empty list just updates the state.
   *
   * <p>The future completes once the write is durable (synced). Writes complete in submission
   * order, across all streams: when one future completes, every write submitted before it is
   * durable too. Concurrent writes may share one sync (group commit).
   */
  CompletableFuture<Void> append(long streamId, List<SequencedRecord> records, StreamState state);

  /** Records with seq_num at or after {@code startSeqNum}, in order, within {@code limit}. */
  ReadResult read(long streamId, long startSeqNum, ReadLimit limit);

  /**
   * The seq_num of the first stored record whose timestamp is at or after {@code timestamp}
   * (unsigned), or empty when there is none.
   */
  OptionalLong seqNumAtOrAfter(long streamId, long timestamp);

  /**
   * Removes records with a seq_num below {@code beforeSeqNum}. The records stop being readable
   * once the future completes; disk space may be reclaimed later.
   */
  CompletableFuture<Void> trim(long streamId, long beforeSeqNum);

  /** Removes every record of the stream and its state. */
  CompletableFuture<Void> deleteStream(long streamId);
}

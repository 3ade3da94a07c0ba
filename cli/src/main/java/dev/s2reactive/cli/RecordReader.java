package dev.s2reactive.cli;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.error.RangeNotSatisfiableException;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.time.Duration;

/**
 * Runs a read for {@code read} and {@code tail}: batches are consumed on the command's thread (so a
 * slow output slows the read down, never the Netty event loop) and written to a {@link
 * RecordOutput}. Reads retry patiently: a session that breaks (a server restart, a network fault)
 * resumes after the last record delivered, without gaps or duplicates.
 */
final class RecordReader {

  /** Enough attempts to ride out a server restart; progress resets the count. */
  static final RetryPolicy READ_RETRY =
      RetryPolicy.builder().maxAttempts(60).maxBackoff(Duration.ofSeconds(2)).build();

  private RecordReader() {}

  /**
   * Reads until the spec ends (forever when it follows). A start exactly at the tail of a read that
   * may not wait there has nothing to deliver: that is success, not an error.
   *
   * @throws IllegalArgumentException when the start lies beyond the tail (and {@code --clamp} is off)
   */
  static long read(ReactorS2Stream stream, ReadSpec spec, RecordOutput out, Progress progress) {
    try {
      for (ReadBatch batch :
          stream
              .readBatches(spec.withRetryPolicy(READ_RETRY))
              .filter(b -> !b.records().isEmpty())
              .toIterable(4)) {
        out.write(batch.records());
        progress.add(batch.records().size(), batch.meteredBytes());
      }
    } catch (RecordOutput.OutputClosedException e) {
      // like other Unix tools, end quietly when the reader of our output is gone
    } catch (RangeNotSatisfiableException e) {
      if (beyondTail(spec.start(), e.tail())) {
        throw new IllegalArgumentException(
            "the start is beyond the tail ("
                + Long.toUnsignedString(e.tail().seqNum())
                + " @ "
                + Long.toUnsignedString(e.tail().timestamp())
                + "); use --clamp to start at the tail instead",
            e);
      }
    }
    return progress.records();
  }

  static boolean beyondTail(StartAt start, StreamPosition tail) {
    if (start.isClamped()) {
      return false;
    }
    return switch (start.kind()) {
      case SEQ_NUM -> Long.compareUnsigned(start.value(), tail.seqNum()) > 0;
      case TIMESTAMP -> Long.compareUnsigned(start.value(), tail.timestamp()) > 0;
      case TAIL_OFFSET -> false;
    };
  }
}

package dev.s2reactive.server.internal.engine;

import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A batch delivered by a read session. A live batch is one instance shared by every follower of the
 * stream, so the HTTP layer can encode it once per wire format with {@link #encoded} and write the
 * same bytes to every reader. Immutable apart from that cache; thread-safe.
 */
public final class SharedBatch {

  /** Number of encoding slots; the HTTP layer assigns one per wire format. */
  public static final int ENCODING_SLOTS = 8;

  private final ReadBatch batch;
  private volatile AtomicReferenceArray<Object> encodings;

  public SharedBatch(ReadBatch batch) {
    this.batch = Objects.requireNonNull(batch, "batch");
  }

  public ReadBatch batch() {
    return batch;
  }

  /**
   * The batch encoded by {@code encoder}, computed on first use per {@code slot} and then shared.
   * Two racing callers may both encode; one result wins and is kept.
   */
  @SuppressWarnings("unchecked")
  public <T> T encoded(int slot, Function<ReadBatch, T> encoder) {
    AtomicReferenceArray<Object> cache = encodings;
    if (cache == null) {
      synchronized (this) {
        cache = encodings;
        if (cache == null) {
          cache = new AtomicReferenceArray<>(ENCODING_SLOTS);
          encodings = cache;
        }
      }
    }
    Object value = cache.get(slot);
    if (value == null) {
      value = Objects.requireNonNull(encoder.apply(batch), "encoded");
      if (!cache.compareAndSet(slot, null, value)) {
        value = cache.get(slot);
      }
    }
    return (T) value;
  }

  long firstSeqNum() {
    return batch.records().get(0).seqNum();
  }

  /** Metered size of the records (protocol §5), summed on each call. */
  long meteredBytes() {
    long bytes = 0;
    for (SequencedRecord record : batch.records()) {
      bytes += record.meteredBytes();
    }
    return bytes;
  }

  long lastSeqNum() {
    return batch.records().get(batch.records().size() - 1).seqNum();
  }
}

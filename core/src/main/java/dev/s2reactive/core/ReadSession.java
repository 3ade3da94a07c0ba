package dev.s2reactive.core;

import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import java.util.Optional;
import java.util.OptionalLong;
import org.reactivestreams.Publisher;

/**
 * A cold publisher of the records of one read ({@link S2Stream#read(ReadSpec)}). Each subscription
 * opens its own read session; nothing happens before {@code subscribe}.
 *
 * <p><b>Backpressure.</b> Demand reaches the socket: the client reads from the connection only
 * while the subscriber has requested records, holding at most one network chunk and one decoded
 * batch (≤ 1 MiB) beyond what was requested, plus, for s2s sessions, what the HTTP/2 stream window
 * (1 MiB) lets the server send ahead. A subscriber that stops requesting stalls the server's
 * sender, not the client's memory.
 *
 * <p><b>Faults.</b> After a retryable failure or heartbeat silence the read reopens at the record
 * after the last one delivered, with the remaining count, bytes and wait; the subscriber sees each
 * record exactly once and in order. Cancelling closes the HTTP stream.
 *
 * <p><b>Threading.</b> Signals arrive on a Netty event loop (or a timer thread after a retry);
 * never block in {@code onNext}. The accessors below are thread-safe and describe the most recent
 * subscription.
 */
public interface ReadSession extends Publisher<SequencedRecord> {

  /** The seq_num the next record will have at least, once the start is known. */
  OptionalLong nextSeqNum();

  /** True once the read has caught up with the tail (it then follows live, if it follows). */
  boolean isCaughtUp();

  /** The most recent tail the server reported, if any. */
  Optional<StreamPosition> lastKnownTail();
}

package dev.s2reactive.core;

import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * A Reactive Streams subscriber that appends the records it receives to one stream ({@link
 * S2Stream#newSink(AppendOptions)}). Subscribe it to exactly one publisher.
 *
 * <p><b>Batching and pipelining.</b> Records are grouped by linger, count and metered bytes ({@link
 * AppendOptions}). With {@link TransportPreference#S2S} (the default) batches travel over one
 * {@code s2s/proto} append session on HTTP/2 and are pipelined: they are sent in order without
 * waiting for earlier acknowledgements, as long as the metered bytes received and not yet
 * acknowledged stay within {@link AppendOptions#maxInFlightBytes()}. With {@link
 * TransportPreference#SSE} each batch is a unary request and only one is in flight at a time,
 * because a server may process concurrent requests in any order.
 *
 * <p><b>Backpressure.</b> The sink requests records from upstream only as acknowledgements free the
 * in-flight budget; a slow server slows the producer, nothing is buffered without bound. While an
 * {@link #acks()} subscriber exists, budget is freed only as it takes acknowledgements.
 *
 * <p><b>Failures.</b> A failed batch is resent only when the {@link RetryPolicy} deems the failure
 * retryable and the {@link AppendRetryPolicy} allows it, and only if no later batch succeeded
 * (order is never broken). Otherwise the sink cancels upstream and fails {@link #acks()} and
 * pending {@link #flush()}es with the error; an {@link dev.s2reactive.core.error.S2Exception} tells
 * through {@code mayHaveBeenApplied()} whether the batch may be durable anyway.
 *
 * <p><b>Threading.</b> Thread-safe. Work runs on the thread that signals it (the producer's thread,
 * a Netty event loop, or a timer thread for linger); nothing blocks.
 */
public interface AppendSink extends Subscriber<AppendRecord> {

  /**
   * Acknowledgements, one per batch, in append order. At most one subscriber; it completes once
   * upstream completed and every batch was acknowledged, and fails when the sink fails.
   * Acknowledgements that arrive while nobody is subscribed are dropped, so subscribe before
   * subscribing the sink to its records to see every one.
   */
  Publisher<AppendAck> acks();

  /**
   * Completes once every record received before this call is durable (acknowledged); sends any
   * lingering batch at once. Fails if the sink fails first.
   */
  Publisher<Void> flush();

  /** Stops: cancels upstream and fails pending work. Acknowledged records stay durable. */
  void cancel();
}

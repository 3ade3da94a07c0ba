package dev.s2reactive.rxjava3;

import static dev.s2reactive.rxjava3.internal.RxPublishers.completable;
import static dev.s2reactive.rxjava3.internal.RxPublishers.flowable;

import dev.s2reactive.core.AppendSink;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.util.Objects;
import org.reactivestreams.Subscription;

/**
 * An {@link AppendSink} as an RxJava {@link FlowableSubscriber}: {@code records.subscribe(sink)}.
 * Subscribe it to exactly one publisher. Batching, pipelining, retries and threading are those of
 * {@link AppendSink}: it requests records only as acknowledgements free its in-flight budget (a
 * slow server slows the producer), and its signals arrive on Netty event loops or timer threads,
 * so use {@code observeOn} on {@link #acks()} before blocking work. Subscribe to {@link #acks()}
 * before subscribing the sink to records to see every acknowledgement.
 */
public final class RxAppendSink implements FlowableSubscriber<AppendRecord> {

  private final AppendSink sink;

  RxAppendSink(AppendSink sink) {
    this.sink = sink;
  }

  public static RxAppendSink of(AppendSink sink) {
    return new RxAppendSink(Objects.requireNonNull(sink, "sink"));
  }

  public AppendSink unwrap() {
    return sink;
  }

  /**
   * Acknowledgements in append order; a single subscriber. Completes once upstream completed and
   * every batch was acknowledged, fails when the sink fails. Disposing it does not stop the sink;
   * {@link #cancel()} does.
   */
  public Flowable<AppendAck> acks() {
    return flowable(sink.acks());
  }

  /** Completes once every record received so far is durable. */
  public Completable flush() {
    return completable(sink.flush());
  }

  /** Stops: cancels upstream and fails pending work. Acknowledged records stay durable. */
  public void cancel() {
    sink.cancel();
  }

  @Override
  public void onSubscribe(Subscription s) {
    sink.onSubscribe(s);
  }

  @Override
  public void onNext(AppendRecord record) {
    sink.onNext(record);
  }

  @Override
  public void onError(Throwable t) {
    sink.onError(t);
  }

  @Override
  public void onComplete() {
    sink.onComplete();
  }
}

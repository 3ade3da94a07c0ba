package dev.s2reactive.reactor;

import dev.s2reactive.core.AppendSink;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import java.util.Objects;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link AppendSink} as a Reactor {@link CoreSubscriber}: {@code records.subscribe(sink)}.
 * Batching, pipelining, backpressure, retries and threading are those of {@link AppendSink}.
 * Subscribe to {@link #acks()} before subscribing the sink to records to see every acknowledgement.
 */
public final class ReactorAppendSink implements CoreSubscriber<AppendRecord> {

  private final AppendSink sink;

  ReactorAppendSink(AppendSink sink) {
    this.sink = sink;
  }

  public static ReactorAppendSink of(AppendSink sink) {
    return new ReactorAppendSink(Objects.requireNonNull(sink, "sink"));
  }

  public AppendSink unwrap() {
    return sink;
  }

  /** Acknowledgements in append order; a single subscriber. */
  public Flux<AppendAck> acks() {
    return Flux.from(sink.acks());
  }

  /** Completes once every record received so far is durable. */
  public Mono<Void> flush() {
    return Mono.from(sink.flush());
  }

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

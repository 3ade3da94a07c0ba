package dev.s2reactive.rxjava3.internal;

import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Passes a publisher's signals through until the subscriber cancels, then drops them. A network
 * publisher may still fail after cancellation (the connection closing under it); without this,
 * RxJava's consumers would report that late error to {@code RxJavaPlugins.onError} as an {@code
 * UndeliverableException} although nobody is waiting for it.
 */
public final class CancelGuard<T> implements Publisher<T> {

  private final Publisher<T> source;

  private CancelGuard(Publisher<T> source) {
    this.source = source;
  }

  public static <T> Publisher<T> of(Publisher<T> source) {
    return new CancelGuard<>(Objects.requireNonNull(source, "source"));
  }

  @Override
  public void subscribe(Subscriber<? super T> subscriber) {
    source.subscribe(new Guard<>(subscriber));
  }

  private static final class Guard<T> implements FlowableSubscriber<T>, Subscription {
    private final Subscriber<? super T> downstream;
    private Subscription upstream;
    private volatile boolean cancelled;

    Guard(Subscriber<? super T> downstream) {
      this.downstream = downstream;
    }

    @Override
    public void onSubscribe(Subscription s) {
      upstream = s;
      downstream.onSubscribe(this);
    }

    @Override
    public void onNext(T item) {
      if (!cancelled) {
        downstream.onNext(item);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!cancelled) {
        downstream.onError(t);
      }
    }

    @Override
    public void onComplete() {
      if (!cancelled) {
        downstream.onComplete();
      }
    }

    @Override
    public void request(long n) {
      upstream.request(n);
    }

    @Override
    public void cancel() {
      cancelled = true;
      upstream.cancel();
    }
  }
}

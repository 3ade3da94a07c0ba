package dev.s2reactive.rxjava3.internal;

import io.reactivex.rxjava3.core.FlowableSubscriber;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Passes a publisher's signals through until the subscriber cancels, then drops them. A network
 * publisher may still fail after cancellation (the connection closing under it); without this,
 * RxJava's consumers would report that late error to {@code RxJavaPlugins.onError} as an {@code
 * UndeliverableException} although nobody is waiting for it. Cancelling also drops the reference to
 * the subscriber.
 */
public final class CancelGuard<T> implements Publisher<T> {

  private static final Runnable NOTHING = () -> {};

  private final Publisher<T> source;
  private final Runnable afterCancel;

  private CancelGuard(Publisher<T> source, Runnable afterCancel) {
    this.source = source;
    this.afterCancel = afterCancel;
  }

  public static <T> Publisher<T> of(Publisher<T> source) {
    return of(source, NOTHING);
  }

  /**
   * Also runs {@code afterCancel} (once) after the subscriber cancelled, when whatever it makes the
   * source signal can no longer reach the subscriber.
   */
  public static <T> Publisher<T> of(Publisher<T> source, Runnable afterCancel) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(afterCancel, "afterCancel");
    return new CancelGuard<>(source, afterCancel);
  }

  @Override
  public void subscribe(Subscriber<? super T> subscriber) {
    source.subscribe(new Guard<>(subscriber, afterCancel));
  }

  /**
   * Forgets the downstream subscriber on cancel and on terminal signals, so a source that still
   * holds this guard (a pooled connection, a timer) cannot keep the subscriber reachable (rule
   * 3.13).
   */
  private static final class Guard<T> implements FlowableSubscriber<T>, Subscription {
    private volatile Subscriber<? super T> downstream;
    private final Runnable afterCancel;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Subscription upstream;

    Guard(Subscriber<? super T> downstream, Runnable afterCancel) {
      this.downstream = downstream;
      this.afterCancel = afterCancel;
    }

    @Override
    public void onSubscribe(Subscription s) {
      upstream = s;
      Subscriber<? super T> d = downstream;
      if (d != null) {
        d.onSubscribe(this);
      }
    }

    @Override
    public void onNext(T item) {
      Subscriber<? super T> d = downstream;
      if (d != null) {
        d.onNext(item);
      }
    }

    @Override
    public void onError(Throwable t) {
      Subscriber<? super T> d = downstream;
      downstream = null;
      if (d != null) {
        d.onError(t);
      }
    }

    @Override
    public void onComplete() {
      Subscriber<? super T> d = downstream;
      downstream = null;
      if (d != null) {
        d.onComplete();
      }
    }

    @Override
    public void request(long n) {
      upstream.request(n);
    }

    @Override
    public void cancel() {
      downstream = null;
      upstream.cancel();
      if (cancelled.compareAndSet(false, true)) {
        afterCancel.run();
      }
    }
  }
}

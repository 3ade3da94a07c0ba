package dev.s2reactive.rxjava3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@link CancelGuard}: a publisher that fails as it is cancelled (a connection closing under it)
 * reports nothing, and a source that keeps the guard does not keep the subscriber.
 */
class CancelGuardTest {

  private final List<Throwable> undeliverable = new CopyOnWriteArrayList<>();

  @AfterEach
  void reset() {
    RxJavaPlugins.reset();
  }

  private static Publisher<String> failingOnCancel() {
    return s ->
        s.onSubscribe(
            new Subscription() {
              @Override
              public void request(long n) {
                s.onNext("one");
              }

              @Override
              public void cancel() {
                s.onError(new IOException("connection reset"));
              }
            });
  }

  @Test
  void lateErrorsAfterDisposalAreDropped() {
    RxJavaPlugins.setErrorHandler(undeliverable::add);
    List<String> seen = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();

    Disposable flowable =
        RxPublishers.flowable(failingOnCancel()).subscribe(seen::add, errors::add);
    flowable.dispose();
    Disposable single = RxPublishers.single(failingOnCancel()).subscribe(seen::add, errors::add);
    single.dispose();

    assertThat(seen).contains("one");
    assertThat(errors).isEmpty();
    assertThat(undeliverable).isEmpty();
  }

  @Test
  void anErrorCausedByTheAfterCancelActionIsDropped() {
    RxJavaPlugins.setErrorHandler(undeliverable::add);
    HoardingPublisher source = new HoardingPublisher(false);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Boolean> cancelled = new CopyOnWriteArrayList<>();

    RxPublishers.flowable(
            source,
            () -> {
              cancelled.add(true);
              // as the append sink does: cancelling the producer fails its acknowledgements
              source.kept.get(0).onError(new IOException("producer cancelled"));
            })
        .doOnCancel(() -> {})
        .subscribe(x -> {}, errors::add)
        .dispose();

    assertThat(cancelled).containsExactly(true);
    assertThat(errors).isEmpty();
    assertThat(undeliverable).isEmpty();
  }

  @Test
  void withoutTheGuardTheSameErrorIsUndeliverable() {
    RxJavaPlugins.setErrorHandler(undeliverable::add);
    io.reactivex.rxjava3.core.Flowable.fromPublisher(failingOnCancel())
        .subscribe(x -> {}, x -> {})
        .dispose();
    assertThat(undeliverable).hasSize(1);
  }

  /** A source that keeps every subscriber it was given, as a pooled connection may. */
  private static final class HoardingPublisher implements Publisher<String> {
    final List<Subscriber<? super String>> kept = new CopyOnWriteArrayList<>();
    final boolean completeAtOnce;

    HoardingPublisher(boolean completeAtOnce) {
      this.completeAtOnce = completeAtOnce;
    }

    @Override
    public void subscribe(Subscriber<? super String> s) {
      kept.add(s);
      s.onSubscribe(
          new Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      if (completeAtOnce) {
        s.onComplete();
      }
    }
  }

  @Test
  void neitherCancelNorCompletionLeavesTheSubscriberReachableFromTheSource() {
    for (boolean complete : new boolean[] {false, true}) {
      HoardingPublisher source = new HoardingPublisher(complete);
      WeakReference<TestSubscriber<String>> subscriber = subscribeAndCancel(source);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (subscriber.get() != null) {
        assertThat(System.nanoTime()).as("subscriber collected").isLessThan(deadline);
        System.gc();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling interval
      }
      assertThat(source.kept).hasSize(1);
    }
  }

  private static WeakReference<TestSubscriber<String>> subscribeAndCancel(Publisher<String> p) {
    TestSubscriber<String> subscriber = RxPublishers.flowable(p).test();
    subscriber.cancel();
    return new WeakReference<>(subscriber);
  }
}

package dev.s2reactive.rxjava3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;

/** A publisher that fails as it is cancelled (a connection closing under it) reports nothing. */
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
  void withoutTheGuardTheSameErrorIsUndeliverable() {
    RxJavaPlugins.setErrorHandler(undeliverable::add);
    io.reactivex.rxjava3.core.Flowable.fromPublisher(failingOnCancel())
        .subscribe(x -> {}, x -> {})
        .dispose();
    assertThat(undeliverable).hasSize(1);
  }
}

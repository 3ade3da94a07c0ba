package dev.s2reactive.rxjava3.internal;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import org.reactivestreams.Publisher;

/** Core publishers as RxJava types, each behind a {@link CancelGuard}. */
public final class RxPublishers {

  private RxPublishers() {}

  public static <T> Flowable<T> flowable(Publisher<T> source) {
    return Flowable.fromPublisher(CancelGuard.of(source));
  }

  /**
   * Runs {@code afterCancel} when the subscriber cancels, after the guard stopped passing signals:
   * an error it makes the source signal (such as cancelling the producer behind it) is dropped
   * rather than reported as undeliverable.
   */
  public static <T> Flowable<T> flowable(Publisher<T> source, Runnable afterCancel) {
    return Flowable.fromPublisher(CancelGuard.of(source, afterCancel));
  }

  /** For publishers that emit exactly one value; an empty one fails with NoSuchElementException. */
  public static <T> Single<T> single(Publisher<T> source) {
    return Single.fromPublisher(CancelGuard.of(source));
  }

  public static Completable completable(Publisher<?> source) {
    return Completable.fromPublisher(CancelGuard.of(source));
  }
}

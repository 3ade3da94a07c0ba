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

  /** For publishers that emit exactly one value; an empty one fails with NoSuchElementException. */
  public static <T> Single<T> single(Publisher<T> source) {
    return Single.fromPublisher(CancelGuard.of(source));
  }

  public static Completable completable(Publisher<?> source) {
    return Completable.fromPublisher(CancelGuard.of(source));
  }
}

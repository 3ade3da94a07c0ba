package dev.s2reactive.core.tck;

import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;

/**
 * The whitebox TCK's view of a subscriber under test: forwards each signal to it, then reports the
 * signal to the probe; the puppet requests on the subscription it received and cancels through
 * {@code cancel} (the append sinks cancel themselves, not their subscription). Shared by the sink
 * TCKs of core and both adapters (core's test-jar).
 */
public final class ProbedSubscriber<T> implements Subscriber<T> {

  private final Subscriber<T> target;
  private final Runnable cancel;
  private final WhiteboxSubscriberProbe<T> probe;
  private final AtomicBoolean registered = new AtomicBoolean();

  public ProbedSubscriber(Subscriber<T> target, Runnable cancel, WhiteboxSubscriberProbe<T> probe) {
    this.target = target;
    this.cancel = cancel;
    this.probe = probe;
  }

  @Override
  public void onSubscribe(Subscription s) {
    target.onSubscribe(s);
    if (registered.compareAndSet(false, true)) {
      probe.registerOnSubscribe(
          new SubscriberPuppet() {
            @Override
            public void triggerRequest(long elements) {
              s.request(elements);
            }

            @Override
            public void signalCancel() {
              cancel.run();
            }
          });
    }
  }

  @Override
  public void onNext(T element) {
    target.onNext(element);
    probe.registerOnNext(element);
  }

  @Override
  public void onError(Throwable t) {
    target.onError(t);
    probe.registerOnError(t);
  }

  @Override
  public void onComplete() {
    target.onComplete();
    probe.registerOnComplete();
  }
}

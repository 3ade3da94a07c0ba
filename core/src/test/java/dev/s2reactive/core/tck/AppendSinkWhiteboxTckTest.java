package dev.s2reactive.core.tck;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.AppendSink;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.internal.client.PipelinedAppendSink;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.StreamPosition;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;
import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Mono;

/**
 * Reactive Streams TCK (whitebox) for core's {@link AppendSink}, over an in-process stream that
 * acknowledges every batch at once (core cannot depend on the server module). The probe sees each
 * signal after the sink has handled it; the puppet requests on the sink's subscription and cancels
 * through {@link AppendSink#cancel()}.
 */
public class AppendSinkWhiteboxTckTest extends SubscriberWhiteboxVerification<AppendRecord> {

  public AppendSinkWhiteboxTckTest() {
    super(new TestEnvironment(500, 200));
  }

  @Override
  public Subscriber<AppendRecord> createSubscriber(WhiteboxSubscriberProbe<AppendRecord> probe) {
    AtomicLong tail = new AtomicLong();
    AppendSink sink =
        new PipelinedAppendSink(
            AppendOptions.defaults().withLinger(Duration.ofMillis(1)),
            RetryPolicy.none(),
            input -> {
              long start = tail.getAndAdd(input.records().size());
              StreamPosition end = new StreamPosition(tail.get(), 0);
              return Mono.just(new AppendAck(new StreamPosition(start, 0), end, end));
            });
    return new Probed(sink, probe);
  }

  @Override
  public AppendRecord createElement(int element) {
    return AppendRecord.of("record-" + element);
  }

  /** Forwards to the sink, then reports to the probe. */
  private static final class Probed implements Subscriber<AppendRecord> {
    private final AppendSink sink;
    private final WhiteboxSubscriberProbe<AppendRecord> probe;
    private final AtomicBoolean registered = new AtomicBoolean();

    Probed(AppendSink sink, WhiteboxSubscriberProbe<AppendRecord> probe) {
      this.sink = sink;
      this.probe = probe;
    }

    @Override
    public void onSubscribe(Subscription s) {
      sink.onSubscribe(s);
      if (registered.compareAndSet(false, true)) {
        probe.registerOnSubscribe(
            new SubscriberPuppet() {
              @Override
              public void triggerRequest(long elements) {
                s.request(elements);
              }

              @Override
              public void signalCancel() {
                sink.cancel();
              }
            });
      }
    }

    @Override
    public void onNext(AppendRecord record) {
      sink.onNext(record);
      probe.registerOnNext(record);
    }

    @Override
    public void onError(Throwable t) {
      sink.onError(t);
      probe.registerOnError(t);
    }

    @Override
    public void onComplete() {
      sink.onComplete();
      probe.registerOnComplete();
    }
  }
}

package dev.s2reactive.rxjava3.tck;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.rxjava3.RxAppendSink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import io.reactivex.rxjava3.core.FlowableSubscriber;

/**
 * Reactive Streams TCK (whitebox) for {@link RxAppendSink}, appending over s2s to a real
 * in-process server. The probe sees each signal after the sink has handled it; the puppet requests
 * on the sink's subscription and cancels through {@link RxAppendSink#cancel()}.
 */
public class RxAppendSinkWhiteboxTckTest extends SubscriberWhiteboxVerification<AppendRecord> {

  private TckServer s2;

  public RxAppendSinkWhiteboxTckTest() {
    super(new TestEnvironment(500, 200));
  }

  @BeforeClass
  public void start() {
    s2 = new TckServer(0, TransportPreference.S2S);
  }

  @AfterClass
  public void stop() {
    s2.close();
  }

  @Override
  public Subscriber<AppendRecord> createSubscriber(WhiteboxSubscriberProbe<AppendRecord> probe) {
    RxAppendSink sink =
        s2.stream(TckServer.EMPTY)
            .newSink(AppendOptions.defaults().withLinger(Duration.ofMillis(1)));
    return new Probed(sink, probe);
  }

  @Override
  public AppendRecord createElement(int element) {
    return AppendRecord.of("record-" + element);
  }

  /** Forwards to the sink, then reports to the probe. */
  private static final class Probed implements FlowableSubscriber<AppendRecord> {
    private final RxAppendSink sink;
    private final WhiteboxSubscriberProbe<AppendRecord> probe;
    private final AtomicBoolean registered = new AtomicBoolean();

    Probed(RxAppendSink sink, WhiteboxSubscriberProbe<AppendRecord> probe) {
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

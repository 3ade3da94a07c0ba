package dev.s2reactive.rxjava3.tck;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.tck.ProbedSubscriber;
import dev.s2reactive.rxjava3.RxAppendSink;
import java.time.Duration;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

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
    return new ProbedSubscriber<>(sink, sink::cancel, probe);
  }

  @Override
  public AppendRecord createElement(int element) {
    return AppendRecord.of("record-" + element);
  }
}

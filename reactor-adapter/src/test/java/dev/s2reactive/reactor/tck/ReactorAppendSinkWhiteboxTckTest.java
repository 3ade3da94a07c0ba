package dev.s2reactive.reactor.tck;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.tck.ProbedSubscriber;
import dev.s2reactive.reactor.ReactorAppendSink;
import java.time.Duration;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * Reactive Streams TCK (whitebox) for {@link ReactorAppendSink}, appending over s2s to a real
 * in-process server. The probe sees each signal after the sink has handled it; the puppet requests
 * on the sink's subscription and cancels through {@link ReactorAppendSink#cancel()}.
 */
public class ReactorAppendSinkWhiteboxTckTest extends SubscriberWhiteboxVerification<AppendRecord> {

  private TckServer s2;

  public ReactorAppendSinkWhiteboxTckTest() {
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
    ReactorAppendSink sink =
        s2.stream(TckServer.EMPTY)
            .newSink(AppendOptions.defaults().withLinger(Duration.ofMillis(1)));
    return new ProbedSubscriber<>(sink, sink::cancel, probe);
  }

  @Override
  public AppendRecord createElement(int element) {
    return AppendRecord.of("record-" + element);
  }
}

package dev.s2reactive.core.tck;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.AppendSink;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.internal.client.PipelinedAppendSink;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.StreamPosition;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;
import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Mono;

/**
 * Reactive Streams TCK (whitebox) for core's {@link AppendSink}, over an in-process stream that
 * acknowledges every batch at once (core cannot depend on the server module). The probe sees each
 * signal after the sink has handled it ({@link ProbedSubscriber}).
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
    return new ProbedSubscriber<>(sink, sink::cancel, probe);
  }

  @Override
  public AppendRecord createElement(int element) {
    return AppendRecord.of("record-" + element);
  }
}

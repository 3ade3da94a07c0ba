package dev.s2reactive.reactor.tck;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.internal.client.PipelinedAppendSink;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.StreamPosition;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;
import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Mono;

/** Reactive Streams TCK (blackbox) for the append sink, over an in-process fake stream. */
public class AppendSinkTckTest extends SubscriberBlackboxVerification<AppendRecord> {

  public AppendSinkTckTest() {
    super(new TestEnvironment(500));
  }

  @Override
  public Subscriber<AppendRecord> createSubscriber() {
    AtomicLong tail = new AtomicLong();
    return new PipelinedAppendSink(
        AppendOptions.defaults().withLinger(Duration.ofMillis(1)),
        RetryPolicy.none(),
        input -> {
          long start = tail.getAndAdd(input.records().size());
          StreamPosition end = new StreamPosition(tail.get(), 0);
          return Mono.just(new AppendAck(new StreamPosition(start, 0), end, end));
        });
  }

  @Override
  public AppendRecord createElement(int element) {
    return AppendRecord.of("record-" + element);
  }
}

package dev.s2reactive.reactor.tck;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Reactive Streams TCK for the follow-mode read publisher ({@code S2Stream.read} that waits at the
 * tail) against a real in-process server. While the class runs, a writer appends a few records to
 * a live stream every few milliseconds. Each publisher starts a few records behind the tail as it
 * was when the publisher was created, so it catches up and then receives the rest live. With a
 * count it follows until the count is reached and completes (so every rule that needs {@code
 * onComplete} runs); for the rules that ask for {@code Integer.MAX_VALUE} records or more it is the
 * unbounded follow, which never completes.
 */
abstract class FollowReadVerification extends PublisherVerification<SequencedRecord> {

  private static final int RECORDS = 16;
  private static final Duration APPEND_EVERY = Duration.ofMillis(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  // most rules take up to 10 records: about half come from storage, the rest live
  private static final int BEHIND = 5;
  private static final List<AppendRecord> LIVE_BATCH =
      IntStream.range(0, 8).mapToObj(i -> AppendRecord.of("live-" + i)).toList();

  private final TransportPreference transport;
  private TckServer s2;
  private Disposable writer;

  FollowReadVerification(TransportPreference transport) {
    super(new TestEnvironment(500, 200), 500);
    this.transport = transport;
  }

  @BeforeClass
  public void start() {
    s2 = new TckServer(RECORDS, transport);
    ReactorS2Stream live = s2.stream(TckServer.RECORDS);
    writer =
        Flux.interval(APPEND_EVERY)
            .onBackpressureDrop()
            .concatMap(tick -> live.append(AppendInput.of(LIVE_BATCH)), 1)
            .subscribe(ack -> {}, error -> System.err.println("live writer failed: " + error));
  }

  @AfterClass
  public void stop() {
    writer.dispose();
    s2.close();
  }

  @Override
  public Publisher<SequencedRecord> createPublisher(long elements) {
    ReactorS2Stream live = s2.stream(TckServer.RECORDS);
    // an absolute start, so that every subscriber of this publisher sees the same records
    long tail = live.checkTail().block(TIMEOUT).seqNum();
    ReadSpec spec = ReadSpec.from(StartAt.seqNum(Math.max(0, tail - BEHIND)));
    return live.unwrap()
        .read(elements >= Integer.MAX_VALUE ? spec : spec.withCount(elements).follow());
  }

  @Override
  public Publisher<SequencedRecord> createFailedPublisher() {
    return s2.stream("no-such-stream").unwrap().read(ReadSpec.from(StartAt.seqNum(0)));
  }
}

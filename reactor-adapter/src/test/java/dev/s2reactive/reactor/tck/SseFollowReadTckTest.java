package dev.s2reactive.reactor.tck;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.SequencedRecord;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * {@link FollowReadTckTest} over SSE: the follow-mode read publisher ({@code S2Stream.read}
 * without limits) never completes, so the rules that need {@code onComplete} are skipped. Over
 * SSE, rule 3.13 (drop the subscriber after cancel) passes.
 */
public class SseFollowReadTckTest extends PublisherVerification<SequencedRecord> {

  private static final int RECORDS = 1024;

  private TckServer s2;

  public SseFollowReadTckTest() {
    super(new TestEnvironment(500, 200), 1000);
  }

  @BeforeClass
  public void start() {
    s2 = new TckServer(RECORDS, TransportPreference.SSE);
  }

  @AfterClass
  public void stop() {
    s2.close();
  }

  @Override
  public Publisher<SequencedRecord> createPublisher(long elements) {
    // at least `elements` records are stored for every test that does not need completion
    return s2.stream(TckServer.RECORDS).unwrap().read(ReadSpec.from(StartAt.seqNum(0)));
  }

  @Override
  public Publisher<SequencedRecord> createFailedPublisher() {
    return s2.stream("no-such-stream").unwrap().read(ReadSpec.from(StartAt.seqNum(0)));
  }

  @Override
  public long maxElementsFromPublisher() {
    return publisherUnableToSignalOnComplete();
  }

}

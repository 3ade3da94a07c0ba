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
 * Reactive Streams TCK for the bounded read publisher ({@code S2Stream.read} with a count, or a
 * read that stops at the tail) against a real in-process server over s2s.
 */
public class BoundedReadTckTest extends PublisherVerification<SequencedRecord> {

  private static final int RECORDS = 1024;

  private TckServer s2;

  public BoundedReadTckTest() {
    super(new TestEnvironment(500, 200), 500);
  }

  @BeforeClass
  public void start() {
    s2 = new TckServer(RECORDS, TransportPreference.S2S);
  }

  @AfterClass
  public void stop() {
    s2.close();
  }

  @Override
  public Publisher<SequencedRecord> createPublisher(long elements) {
    ReadSpec spec =
        elements == 0
            // no records: the read starts at the tail and ends there
            ? ReadSpec.from(StartAt.seqNum(RECORDS)).stopAtTail()
            : ReadSpec.from(StartAt.seqNum(0)).withCount(elements);
    return s2.stream(TckServer.RECORDS).unwrap().read(spec);
  }

  @Override
  public Publisher<SequencedRecord> createFailedPublisher() {
    return s2.stream("no-such-stream").unwrap().read(ReadSpec.from(StartAt.seqNum(0)));
  }

  /**
   * Rule 3.17 asks for {@code Integer.MAX_VALUE} elements without waiting for completion: a read
   * with that count delivers the stored records and ends at the tail. Every rule that needs
   * exactly the requested number of records asks for at most a few.
   */
  @Override
  public long maxElementsFromPublisher() {
    return Integer.MAX_VALUE;
  }
}

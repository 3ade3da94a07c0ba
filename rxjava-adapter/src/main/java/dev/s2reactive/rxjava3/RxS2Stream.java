package dev.s2reactive.rxjava3;

import static dev.s2reactive.rxjava3.internal.RxPublishers.flowable;
import static dev.s2reactive.rxjava3.internal.RxPublishers.single;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.AppendSink;
import dev.s2reactive.core.ReadSession;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Stream;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.util.Objects;
import org.reactivestreams.Publisher;

/**
 * {@link S2Stream} with {@code Flowable}/{@code Single} results. Immutable and thread-safe.
 *
 * <p>Reads are cold: each subscription is one read session whose demand reaches the socket (the
 * client reads from the connection only while records are requested) and which resumes after
 * faults without gaps or duplicates (see {@link ReadSession}). Disposing a read closes its HTTP
 * stream.
 *
 * <p>Signals arrive on Netty event loops (or a timer thread after a retry); never block in them —
 * put {@code observeOn(Schedulers.io())} before blocking work. No thread hops are added.
 */
public final class RxS2Stream {

  private final S2Stream stream;

  RxS2Stream(S2Stream stream) {
    this.stream = stream;
  }

  public S2Stream unwrap() {
    return stream;
  }

  public String name() {
    return stream.name();
  }

  /** The tail: the next seq_num and the last record's timestamp. */
  public Single<StreamPosition> checkTail() {
    return single(stream.checkTail());
  }

  /** Appends one batch (1–1000 records, ≤ 1 MiB) atomically; emits its acknowledgement. */
  public Single<AppendAck> append(AppendInput input) {
    return single(stream.append(input));
  }

  /** Sets the fencing token to {@code newToken}, conditioned on {@code currentToken} if set. */
  public Single<AppendAck> fence(String newToken, String currentToken) {
    return single(stream.fence(newToken, currentToken));
  }

  /** Trims records before {@code earliestSeqNum} (asynchronously, on the server). */
  public Single<AppendAck> trim(long earliestSeqNum) {
    return single(stream.trim(earliestSeqNum));
  }

  /** One unary read (≤ 1000 records / 1 MiB). */
  public Single<ReadBatch> readOnce(ReadSpec spec) {
    return single(stream.readOnce(spec));
  }

  /** A streaming read of records. */
  public Flowable<SequencedRecord> read(ReadSpec spec) {
    return flowable(stream.read(spec));
  }

  /** A streaming read from {@code start} with no limits: catches up, then follows live. */
  public Flowable<SequencedRecord> read(StartAt start) {
    return read(ReadSpec.from(start));
  }

  /**
   * The read session itself, for its cursor ({@link ReadSession#nextSeqNum()}) and caught-up
   * signal; wrap it with {@code Flowable.fromPublisher} to subscribe.
   */
  public ReadSession readSession(ReadSpec spec) {
    return stream.read(spec);
  }

  /** A streaming read of batches, heartbeats (batches without records) included. */
  public Flowable<ReadBatch> readBatches(ReadSpec spec) {
    return flowable(stream.readBatches(spec));
  }

  public Flowable<ReadBatch> readBatches(StartAt start) {
    return readBatches(ReadSpec.from(start));
  }

  /** A new append sink; {@code records.subscribe(sink)}. */
  public RxAppendSink newSink(AppendOptions options) {
    return new RxAppendSink(stream.newSink(options));
  }

  /**
   * Appends {@code records} through a new sink per subscription and emits the acknowledgements in
   * order (one per batch). Completes once {@code records} completed and everything is durable;
   * fails as the sink fails. {@code records} is subscribed only after the acknowledgements are,
   * and its demand follows the sink's in-flight budget and this Flowable's demand. Disposing
   * cancels the sink, which cancels {@code records}; acknowledged records stay durable.
   */
  public Flowable<AppendAck> appendMany(Publisher<AppendRecord> records, AppendOptions options) {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(options, "options");
    return Flowable.defer(
        () -> {
          AppendSink sink = stream.newSink(options);
          // cancel the sink only once its failure can no longer reach the cancelled subscriber
          return flowable(sink.acks(), sink::cancel)
              .mergeWith(Completable.fromAction(() -> records.subscribe(sink)));
        });
  }
}

package dev.s2reactive.reactor;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.ReadSession;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Stream;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link S2Stream} with {@code Flux}/{@code Mono} results. Immutable and thread-safe. Reads are
 * cold: each subscription is one read session whose demand reaches the socket and which resumes
 * after faults without gaps or duplicates (see {@link ReadSession}); signals arrive on Netty event
 * loops, so never block in them. No thread hops are added.
 */
public final class ReactorS2Stream {

  private final S2Stream stream;

  ReactorS2Stream(S2Stream stream) {
    this.stream = stream;
  }

  public S2Stream unwrap() {
    return stream;
  }

  public String name() {
    return stream.name();
  }

  public Mono<StreamPosition> checkTail() {
    return Mono.from(stream.checkTail());
  }

  public Mono<AppendAck> append(AppendInput input) {
    return Mono.from(stream.append(input));
  }

  public Mono<AppendAck> fence(String newToken, String currentToken) {
    return Mono.from(stream.fence(newToken, currentToken));
  }

  public Mono<AppendAck> trim(long earliestSeqNum) {
    return Mono.from(stream.trim(earliestSeqNum));
  }

  /** One unary read (≤ 1000 records / 1 MiB). */
  public Mono<ReadBatch> readOnce(ReadSpec spec) {
    return Mono.from(stream.readOnce(spec));
  }

  /** A streaming read of records. */
  public Flux<SequencedRecord> read(ReadSpec spec) {
    return Flux.from(stream.read(spec));
  }

  /** A streaming read from {@code start} with no limits: catches up, then follows live. */
  public Flux<SequencedRecord> read(StartAt start) {
    return read(ReadSpec.from(start));
  }

  /**
   * The read session itself, for its cursor ({@link ReadSession#nextSeqNum()}) and caught-up
   * signal; wrap it with {@code Flux.from} to subscribe.
   */
  public ReadSession readSession(ReadSpec spec) {
    return stream.read(spec);
  }

  /** A streaming read of batches, heartbeats (batches without records) included. */
  public Flux<ReadBatch> readBatches(ReadSpec spec) {
    return Flux.from(stream.readBatches(spec));
  }

  public Flux<ReadBatch> readBatches(StartAt start) {
    return readBatches(ReadSpec.from(start));
  }

  /** A new append sink; {@code records.subscribe(sink)}. */
  public ReactorAppendSink newSink(AppendOptions options) {
    return new ReactorAppendSink(stream.newSink(options));
  }
}

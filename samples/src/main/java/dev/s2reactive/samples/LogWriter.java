package dev.s2reactive.samples;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.reactor.ReactorAppendSink;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The samples' writer: a {@code Flux} of {@link LogLines} subscribed to one {@link
 * ReactorAppendSink}, which batches (5 ms linger), pipelines and applies backpressure.
 */
final class LogWriter {

  private static final int TICKS = 100;

  /** What the acknowledgements reported. */
  record Written(long records, long batches) {}

  private LogWriter() {}

  /**
   * Appends lines {@code [0, count)} spread evenly over about {@code over} (in 100 bursts, like a
   * busy service), and completes with the acknowledged totals once every line is durable.
   * Cancelling cancels the sink.
   */
  static Mono<Written> write(ReactorS2Stream stream, long count, Duration over) {
    return Mono.defer(
        () -> {
          ReactorAppendSink sink = stream.newSink(AppendOptions.defaults());
          // subscribe to the acknowledgements before the sink gets records, to see every one
          CompletableFuture<Written> acked =
              sink.acks()
                  .reduce(
                      new Written(0, 0),
                      (sum, ack) ->
                          new Written(sum.records() + ack.recordCount(), sum.batches() + 1))
                  .toFuture();
          lines(count, over).subscribe(sink);
          return Mono.fromFuture(acked).doOnCancel(sink::cancel);
        });
  }

  /** Lines stamped with their send time as the sink requests them, burst after burst. */
  static Flux<AppendRecord> lines(long count, Duration over) {
    long perTick = Math.max(1, (count + TICKS - 1) / TICKS);
    long ticks = (count + perTick - 1) / perTick;
    Duration tick = over.dividedBy(TICKS);
    return Flux.range(0, (int) ticks)
        .delayElements(tick)
        .concatMap(
            t -> {
              long first = t * perTick;
              long last = Math.min(count, first + perTick);
              return Flux.range(0, (int) (last - first)).map(i -> LogLines.record(first + i));
            });
  }
}

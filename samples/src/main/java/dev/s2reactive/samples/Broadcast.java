package dev.s2reactive.samples;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.samples.BroadcastResult.Refusal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The broadcast pattern: one writer appends log lines to a stream and many readers, holding only a
 * read-only token for that stream, consume it independently: a live tail as a Reactor {@code
 * Flux}, the same as an RxJava {@code Flowable}, a replay of a past timestamp window (while the
 * writer goes on), and the last N records. Each reader checks it received exactly the records it should have; the read-only token
 * is refused on append; the live tail measures append→read latency.
 *
 * <p>Run it with {@code ./s2r demo} (or {@code java -cp … dev.s2reactive.samples.Broadcast}); see
 * {@link DemoCommand} for the options.
 */
public final class Broadcast {

  /** The stream the sample writes, named as in S2's broadcast guide. */
  public static final String STREAM = "prod/logs";

  /**
   * Settings of one run. Immutable.
   *
   * @param records log lines to write (at least 1)
   * @param lastN how many records the tail-offset reader asks for (at least 1)
   * @param writeDuration about how long the writer spreads its lines over
   * @param timeout how long any one step may take before the run fails
   */
  public record Options(int records, int lastN, Duration writeDuration, Duration timeout) {

    public Options {
      if (records < 1 || lastN < 1) {
        throw new IllegalArgumentException("records and lastN must be at least 1");
      }
      if (writeDuration.isNegative() || timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative");
      }
    }

    /** 5000 lines over one second, the last 100, a 60 s timeout. */
    public static Options defaults() {
      return new Options(5000, 100, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public Options withRecords(int records) {
      return new Options(records, lastN, writeDuration, timeout);
    }

    public Options withLastN(int lastN) {
      return new Options(records, lastN, writeDuration, timeout);
    }
  }

  private Broadcast() {}

  /** {@code java -cp … dev.s2reactive.samples.Broadcast [options]}, as {@code s2r demo}. */
  public static void main(String[] args) {
    System.exit(DemoCommand.run("broadcast", args));
  }

  /**
   * Runs the sample on {@code target}, reporting progress lines to {@code progress}; blocks until
   * done. Throws if a step fails or times out; a mismatch is reported in the result instead.
   */
  public static BroadcastResult run(S2Target target, Options options, Consumer<String> progress) {
    Duration timeout = options.timeout();
    int records = options.records();
    try (SampleStream sample = SampleStream.create(target, STREAM, timeout)) {
      progress.accept("broadcast on " + target.description());
      progress.accept("  " + sample.description());
      Optional<Refusal> refusal =
          sample.hasReadOnlyToken() ? appendWithReadOnlyToken(sample, timeout) : Optional.empty();

      ReactorS2Stream writer = sample.writer();
      long base = writer.checkTail().block(timeout).seqNum();
      long end = base + records;

      // Live readers start before the writer, from the current tail: they cannot miss a record.
      ReadSpec live = ReadSpec.from(StartAt.seqNum(base)).withCount(records).follow();
      Latency latency = new Latency();
      long[] timestamps = new long[records];
      // The replay window: the timestamps of lines 1/4 and 3/4, set by the live tail as it passes
      // line 3/4, and complete once the live tail has seen a record at or after its end: from
      // then on every record of the window is durable (timestamps never decrease).
      int a = records / 4;
      int b = (3 * records) / 4;
      long[] window = new long[2];
      CompletableFuture<Void> windowWritten = new CompletableFuture<>();
      SequenceCheck liveCheck = new SequenceCheck("live tail (Reactor Flux)", base, base, end);
      CompletableFuture<ReaderReport> liveTail =
          sample
              .reader()
              .read(live)
              .doOnNext(
                  record -> {
                    latency.record(record);
                    liveCheck.accept(record);
                    long index = record.seqNum() - base;
                    if (index < 0 || index >= records) {
                      return;
                    }
                    long timestamp = record.timestamp();
                    timestamps[(int) index] = timestamp;
                    if (index == b) {
                      window[0] = timestamps[a];
                      window[1] = timestamp > window[0] ? timestamp : window[0] + 1;
                    }
                    if (index >= b && Long.compareUnsigned(timestamp, window[1]) >= 0) {
                      windowWritten.complete(null);
                    }
                  })
              .doOnComplete(() -> windowWritten.complete(null))
              .then(Mono.fromCallable(liveCheck::report))
              .toFuture();
      SequenceCheck rxCheck = new SequenceCheck("live tail (RxJava Flowable)", base, base, end);
      CompletableFuture<ReaderReport> rxTail =
          sample
              .rxReader()
              .read(live)
              .doOnNext(rxCheck::accept)
              .ignoreElements()
              .toSingle(rxCheck::report)
              .toCompletionStage()
              .toCompletableFuture();
      // Replays the middle half of the lines by server timestamp while the writer goes on.
      CompletableFuture<List<SequencedRecord>> replayed =
          Mono.fromFuture(windowWritten)
              .then(
                  Mono.defer(
                      () ->
                          sample
                              .reader()
                              .read(
                                  ReadSpec.from(StartAt.timestamp(window[0]))
                                      .withUntil(window[1]))
                              .collectList()))
              .toFuture();

      progress.accept(
          "  writing "
              + records
              + " log lines over ~"
              + options.writeDuration().toMillis()
              + " ms; 2 readers follow live, a third replays a window once it is written...");
      LogWriter.Written written =
          LogWriter.write(writer, records, options.writeDuration()).block(timeout);
      ReaderReport liveReport = await(liveTail, timeout);
      ReaderReport rxReport = await(rxTail, timeout);

      int lastN = options.lastN();
      progress.accept("  reading the last " + lastN + " records...");
      SequenceCheck lastCheck =
          new SequenceCheck(
              "last " + lastN + " (tail_offset=" + lastN + ")",
              base,
              Math.max(base, end - lastN),
              end);
      ReaderReport lastReport =
          sample
              .reader()
              .read(ReadSpec.from(StartAt.tailOffset(lastN)).stopAtTail())
              .doOnNext(lastCheck::accept)
              .then(Mono.fromCallable(lastCheck::report))
              .block(timeout);

      // What the replay should have returned, now that every timestamp is known.
      SequenceCheck replayCheck =
          new SequenceCheck(
              "replay --timestamp T0 --until T1",
              base,
              base + firstAtOrAfter(timestamps, window[0]),
              base + firstAtOrAfter(timestamps, window[1]));
      await(replayed, timeout).forEach(replayCheck::accept);

      return new BroadcastResult(
          target.description(),
          sample.description(),
          written.records(),
          records,
          written.batches(),
          List.of(liveReport, rxReport, replayCheck.report(), lastReport),
          refusal,
          sample.hasReadOnlyToken(),
          latency.summary());
    }
  }

  /** Tries to append with the read-only token; the server should answer 403 permission_denied. */
  private static Optional<Refusal> appendWithReadOnlyToken(SampleStream sample, Duration timeout) {
    try {
      sample.reader().append(AppendInput.of(AppendRecord.of("not allowed"))).block(timeout);
      return Optional.empty();
    } catch (S2Exception e) {
      return Optional.of(new Refusal(e.status(), e.code(), e.getMessage()));
    }
  }

  /** Index of the first timestamp at or after {@code t} (timestamps never decrease). */
  private static int firstAtOrAfter(long[] timestamps, long t) {
    int i = 0;
    while (i < timestamps.length && Long.compareUnsigned(timestamps[i], t) < 0) {
      i++;
    }
    return i;
  }

  static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IllegalStateException("a reader did not finish within " + timeout, e);
    }
  }
}

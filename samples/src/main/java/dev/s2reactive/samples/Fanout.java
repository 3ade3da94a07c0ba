package dev.s2reactive.samples;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fan-out: N readers (100 by default) tail one stream through one client while a writer appends;
 * each checks that it received every record once, in order. Readers are read sessions multiplexed
 * on the client's connections, not threads.
 */
public final class Fanout {

  /**
   * Settings of one run. Immutable.
   *
   * @param readers concurrent readers (at least 1)
   * @param records log lines to write (at least 1)
   * @param writeDuration about how long the writer spreads its lines over
   * @param timeout how long any one step may take before the run fails
   */
  public record Options(int readers, int records, Duration writeDuration, Duration timeout) {

    public Options {
      if (readers < 1 || records < 1) {
        throw new IllegalArgumentException("readers and records must be at least 1");
      }
    }

    /** 100 readers, 1000 lines over one second, a 60 s timeout. */
    public static Options defaults() {
      return new Options(100, 1000, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public Options withReaders(int readers) {
      return new Options(readers, records, writeDuration, timeout);
    }

    public Options withRecords(int records) {
      return new Options(readers, records, writeDuration, timeout);
    }
  }

  private Fanout() {}

  /** {@code java -cp … dev.s2reactive.samples.Fanout [options]}, as {@code s2r demo fanout}. */
  public static void main(String[] args) {
    System.exit(DemoCommand.run("fanout", args));
  }

  /** Runs the sample on {@code target}, reporting progress lines to {@code progress}. */
  public static FanoutResult run(S2Target target, Options options, Consumer<String> progress) {
    Duration timeout = options.timeout();
    try (SampleStream sample = SampleStream.create(target, Broadcast.STREAM, timeout)) {
      progress.accept("fanout on " + target.description());
      progress.accept("  " + sample.description());
      long base = sample.writer().checkTail().block(timeout).seqNum();
      long end = base + options.records();
      ReadSpec spec = ReadSpec.from(StartAt.seqNum(base)).withCount(options.records()).follow();
      Latency latency = new Latency();
      List<SequenceCheck> checks =
          IntStream.range(0, options.readers())
              .mapToObj(i -> new SequenceCheck("reader " + i, base, base, end))
              .toList();
      CompletableFuture<List<ReaderReport>> reading =
          Flux.fromIterable(checks)
              .flatMap(
                  check ->
                      sample
                          .reader()
                          .read(spec)
                          .doOnNext(
                              record -> {
                                check.accept(record);
                                latency.record(record);
                              })
                          .then(Mono.fromCallable(check::report)),
                  options.readers())
              .collectList()
              .toFuture();
      progress.accept(
          "  "
              + options.readers()
              + " readers follow the stream; writing "
              + options.records()
              + " log lines...");
      LogWriter.Written written =
          LogWriter.write(sample.writer(), options.records(), options.writeDuration())
              .block(timeout);
      List<ReaderReport> reports = Broadcast.await(reading, timeout);
      return new FanoutResult(
          target.description(),
          sample.description(),
          options.readers(),
          written.records(),
          options.records(),
          reports,
          latency.summary());
    }
  }
}

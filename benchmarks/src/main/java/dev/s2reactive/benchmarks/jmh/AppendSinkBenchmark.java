package dev.s2reactive.benchmarks.jmh;

import dev.s2reactive.benchmarks.internal.Workload;
import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.internal.client.PipelinedAppendSink;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.reactor.ReactorAppendSink;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The batching sink's own cost per record (batching, in-flight budget, ack ordering) with a stub
 * transport that acknowledges each batch synchronously: {@link #rawSink} drives the core {@link
 * PipelinedAppendSink} directly, {@link #fluxSink} the same through a {@code Flux} and {@link
 * ReactorAppendSink} (target T7 compares them). Run with {@code -prof gc}: {@code
 * gc.alloc.rate.norm} is the allocation per record (one run counts as 10 000 ops), records
 * excluded (they are prebuilt).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(AppendSinkBenchmark.RECORDS)
public class AppendSinkBenchmark {

  static final int RECORDS = 10_000;

  private AppendRecord[] records;
  private final AppendOptions options = AppendOptions.defaults().withLinger(Duration.ofMillis(1));
  private final Function<AppendInput, Mono<AppendAck>> stub = new Function<>() {
    private long next;

    @Override
    public Mono<AppendAck> apply(AppendInput input) {
      long start = next;
      next += input.records().size();
      StreamPosition end = StreamPosition.of(next, 0);
      return Mono.just(new AppendAck(StreamPosition.of(start, 0), end, end));
    }
  };

  @Setup
  public void setUp() {
    Workload workload = new Workload(1024, 1);
    records = new AppendRecord[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      records[i] = workload.next(i);
    }
  }

  private PipelinedAppendSink newSink() {
    return new PipelinedAppendSink(options, RetryPolicy.defaults(), stub);
  }

  @Benchmark
  public AppendAck rawSink() {
    PipelinedAppendSink sink = newSink();
    CompletableFuture<AppendAck> last = Flux.from(sink.acks()).last().toFuture();
    Flux.fromArray(records).subscribe(sink);
    return last.join();
  }

  @Benchmark
  public AppendAck fluxSink() {
    ReactorAppendSink sink = ReactorAppendSink.of(newSink());
    CompletableFuture<AppendAck> last = sink.acks().last().toFuture();
    Flux.fromArray(records).map(r -> r).subscribe(sink);
    return last.join();
  }
}

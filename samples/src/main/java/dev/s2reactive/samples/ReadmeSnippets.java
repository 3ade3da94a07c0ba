package dev.s2reactive.samples;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorAppendSink;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.rxjava3.RxS2Client;
import dev.s2reactive.rxjava3.RxS2Stream;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The Java snippets of the README, compiled by the build and run by {@code ReadmeSnippetsTest},
 * which also checks that the README quotes each region between {@code // readme:NAME} and {@code
 * // end} verbatim (without its indentation). Change them here, then copy them to the README.
 */
public final class ReadmeSnippets {

  private ReadmeSnippets() {}

  /** Appends to {@code my-basin/prod/logs} and reads it back, with the S2_* environment. */
  public static void main(String[] args) {
    // readme:client
    // S2_ACCESS_TOKEN, S2_ACCOUNT_ENDPOINT and S2_BASIN_ENDPOINT (both unset: hosted S2)
    S2Client client = S2Client.create(S2ClientOptions.fromEnv()); // one per application
    // end
    try (client) {
      long appended = append(client);
      List<SequencedRecord> all = replay(client, 0, Long.MAX_VALUE);
      System.out.println(all.size() + " records in the stream, " + appended + " just appended");
      rxjava(client).forEach(System.out::println);
    }
  }

  /** The append snippet; returns how many records became durable. */
  static long append(S2Client client) {
    // readme:append
    ReactorS2Stream logs = ReactorS2Client.from(client).stream("my-basin", "prod/logs");
    ReactorAppendSink sink = logs.newSink(AppendOptions.defaults()); // batches, pipelines, retries
    CompletableFuture<Long> durable = // subscribe to acks before feeding the sink
        sink.acks().map(AppendAck::recordCount).reduce(0L, Long::sum).toFuture();
    Flux.just("GET /", "GET /health", "POST /orders").map(AppendRecord::of).subscribe(sink);
    System.out.println(durable.join() + " records are durable");
    // end
    return durable.join();
  }

  /** The live-tail snippet; the caller disposes the returned subscription. */
  static Disposable follow(S2Client client) {
    // readme:follow
    ReactorS2Stream logs = ReactorS2Client.from(client).stream("my-basin", "prod/logs");
    // the last 10 records, then every new one as it is appended (like tail -n 10 -f)
    Disposable tail =
        logs.read(StartAt.tailOffset(10))
            .subscribe(record -> System.out.println(record.seqNum() + " " + record.body().utf8()));
    // end
    return tail;
  }

  /** The replay snippet: the records with a timestamp in {@code [from, until)}. */
  static List<SequencedRecord> replay(S2Client client, long from, long until) {
    ReactorS2Stream logs = ReactorS2Client.from(client).stream("my-basin", "prod/logs");
    // readme:replay
    // a time window [from, until) in epoch milliseconds: completes at `until` or at the tail
    List<SequencedRecord> window =
        logs.read(ReadSpec.from(StartAt.timestamp(from)).withUntil(until)).collectList().block();
    // end
    return window;
  }

  /** The RxJava snippet: the bodies of the first 3 records, waiting for them if needed. */
  static List<String> rxjava(S2Client client) {
    // readme:rxjava
    RxS2Stream logs = RxS2Client.from(client).stream("my-basin", "prod/logs");
    List<String> firstThree =
        logs.read(ReadSpec.from(StartAt.seqNum(0)).withCount(3).follow())
            .observeOn(Schedulers.io()) // signals arrive on Netty event loops: never block there
            .map(record -> record.body().utf8())
            .toList()
            .blockingGet();
    // end
    return firstThree;
  }
}

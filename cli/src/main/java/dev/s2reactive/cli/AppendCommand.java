package dev.s2reactive.cli;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.reactor.ReactorAppendSink;
import dev.s2reactive.reactor.ReactorS2Client;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * {@code s2r append s2://basin/stream}: one record per line of standard input, appended as lines
 * arrive through the batching sink; each ack is reported on standard error.
 */
@Command(
    name = "append",
    mixinStandardHelpOptions = true,
    description = "Append records read from standard input, one per line.")
final class AppendCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "S2_URI", description = "s2://BASIN/STREAM",
      converter = StreamUri.Converter.class)
  StreamUri uri;

  @Option(names = "--format", defaultValue = "text",
      description = "text (the line is the body), json, or json-base64 (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    RecordLines lines = RecordLines.parse(format);
    try (S2Client client = S2Client.create(S2ClientOptions.fromEnv())) {
      ReactorAppendSink sink =
          ReactorS2Client.from(client)
              .stream(uri.basin(), uri.stream())
              .newSink(AppendOptions.defaults());
      Flux<AppendAck> acks = sink.acks();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      Flux.fromStream(in.lines())
          .map(lines::toRecord)
          .subscribeOn(Schedulers.boundedElastic())
          .subscribe(sink);
      acks.doOnNext(
              ack ->
                  System.err.println(
                      "ack " + ack.start().seqNum() + ".." + (ack.end().seqNum() - 1)))
          .blockLast();
    }
    return 0;
  }
}

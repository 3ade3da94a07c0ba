package dev.s2reactive.cli;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.reactor.ReactorS2Client;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code s2r read s2://basin/stream}: prints records, one per line. Without a start it follows from
 * the tail; with a count it stops at the count.
 */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = "Read records and print them one per line.")
final class ReadCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "S2_URI", description = "s2://BASIN/STREAM",
      converter = StreamUri.Converter.class)
  StreamUri uri;

  @Option(names = {"-s", "--seq-num"}, description = "Start at this sequence number.")
  Long seqNum;

  @Option(names = {"-n", "--count"}, description = "Stop after this many records.")
  Long count;

  @Option(names = "--format", defaultValue = "text",
      description = "text (the body), json, or json-base64 (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    RecordLines lines = RecordLines.parse(format);
    ReadSpec spec = ReadSpec.from(seqNum == null ? StartAt.tail() : StartAt.seqNum(seqNum));
    if (count != null) {
      spec = spec.withCount(count).follow();
    }
    PrintStream out = System.out;
    try (S2Client client = S2Client.create(S2ClientOptions.fromEnv())) {
      ReactorS2Client.from(client)
          .stream(uri.basin(), uri.stream())
          .read(spec)
          .doOnNext(record -> out.println(lines.toLine(record)))
          .blockLast();
    }
    out.flush();
    return 0;
  }
}

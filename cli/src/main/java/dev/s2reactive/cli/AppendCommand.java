package dev.s2reactive.cli;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.reactor.ReactorAppendSink;
import dev.s2reactive.reactor.ReactorS2Client;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * {@code s2r append s2://basin/stream}: one record per input line, appended as lines arrive
 * ({@code tail -f app.log | s2r append …} works) through the batching sink; each acknowledgement is
 * reported on standard error.
 */
@Command(
    name = "append",
    mixinStandardHelpOptions = true,
    description = {
      "Append records to a stream, one per line of standard input (or -i FILE).",
      "Lines are appended as they arrive, batched for up to --linger; each acknowledged batch is"
          + " reported on standard error."
    })
final class AppendCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @Option(
      names = {"-i", "--input"},
      paramLabel = "FILE",
      defaultValue = "-",
      description = "Read records from FILE; '-' is standard input (default).")
  String input;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (the line is the body), json, or json-base64 (default: ${DEFAULT-VALUE}).")
  String format;

  @Mixin AppendConditionOptions conditions;

  @Option(
      names = "--linger",
      defaultValue = "5ms",
      converter = Durations.Converter.class,
      paramLabel = "DURATION",
      description = "How long a batch waits for more records (default: ${DEFAULT-VALUE}).")
  Duration linger;

  AppendOptions options() {
    AppendOptions options = AppendOptions.defaults().withLinger(linger);
    if (conditions.fencingToken != null) {
      options = options.withFencingToken(conditions.fencingToken);
    }
    if (conditions.matchSeqNum != null) {
      options = options.withMatchSeqNum(conditions.matchSeqNum);
    }
    return options;
  }

  @Override
  int run(ReactorS2Client s2, CliEnv env) throws IOException {
    RecordLines lines = RecordLines.parse(format);
    ReactorAppendSink sink = s2.stream(uri.basin(), uri.stream()).newSink(options());
    Flux<AppendAck> acks = sink.acks();
    InputStream in = input.equals("-") ? env.in() : open(Path.of(input));
    try (Progress progress = new Progress(env, "append")) {
      records(in, lines).subscribeOn(Schedulers.boundedElastic()).subscribe(sink);
      for (AppendAck ack : acks.toIterable(16)) {
        progress.add(ack.recordCount(), 0);
        progress.println(describe(ack));
      }
    } finally {
      if (in != env.in()) {
        in.close();
      }
    }
    return 0;
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Lines, read only as the sink asks for records. The reader is not closed on cancel: closing
   * standard input while another thread blocks reading it would block the closing thread.
   */
  private static Flux<AppendRecord> records(InputStream in, RecordLines lines) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    AtomicLong lineNumber = new AtomicLong();
    return Flux.fromStream(reader::lines)
        .map(
            line -> {
              long n = lineNumber.incrementAndGet();
              try {
                return lines.toRecord(line);
              } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                    "input line " + n + ": " + ErrorMessages.describe(e), e);
              }
            })
        .onErrorMap(
            UncheckedIOException.class,
            e -> new IllegalStateException("cannot read input: " + e.getCause().getMessage(), e));
  }

  static String describe(AppendAck ack) {
    return "[APPENDED] "
        + Long.toUnsignedString(ack.start().seqNum())
        + ".."
        + Long.toUnsignedString(ack.end().seqNum() - 1)
        + " // tail: "
        + Long.toUnsignedString(ack.tail().seqNum())
        + " @ "
        + Long.toUnsignedString(ack.tail().timestamp());
  }
}

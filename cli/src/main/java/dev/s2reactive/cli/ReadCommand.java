package dev.s2reactive.cli;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.reactor.ReactorS2Client;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code s2r read s2://basin/stream}: prints records, one per line. Without a start it follows from
 * the tail; without a limit it keeps following; with a limit it stops at the limit or the tail.
 */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = {
      "Read records from a stream, one per line.",
      "Without a start (-s, --timestamp, --ago, --tail-offset) reading begins at the tail. With a"
          + " limit (-n, -b, --until) it stops at the limit or at the tail; without one it keeps"
          + " following new records. Broken sessions resume where they stopped."
    })
final class ReadCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Start start;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      description = "Stop after this many records.")
  Long count;

  @Option(
      names = {"-b", "--bytes"},
      paramLabel = "BYTES",
      description = "Stop after this many metered bytes.")
  Long bytes;

  @Option(
      names = "--until",
      paramLabel = "MS",
      description = "Only records before this timestamp (exclusive, ms since the epoch).")
  Long until;

  @Option(names = "--clamp", description = "Start at the tail if the start lies beyond it.")
  boolean clamp;

  @Mixin RecordOutputOptions output;

  /** Where to start; at most one. */
  static final class Start {
    @Option(
        names = {"-s", "--seq-num"},
        paramLabel = "SEQ_NUM",
        description = "Start at this sequence number (inclusive).")
    Long seqNum;

    @Option(
        names = "--timestamp",
        paramLabel = "MS",
        description = "Start at the first record at or after this timestamp (ms since the epoch).")
    Long timestamp;

    @Option(
        names = "--ago",
        paramLabel = "DURATION",
        converter = Durations.Converter.class,
        description = "Start this long ago, e.g. 30s, 5m, 1h (a timestamp start).")
    Duration ago;

    @Option(
        names = "--tail-offset",
        paramLabel = "N",
        description = "Start N records before the tail.")
    Long tailOffset;

    StartAt toStartAt(Clock clock) {
      if (seqNum != null) {
        return StartAt.seqNum(seqNum);
      }
      if (timestamp != null) {
        return StartAt.timestamp(timestamp);
      }
      if (ago != null) {
        return StartAt.timestamp(Math.max(0, clock.millis() - ago.toMillis()));
      }
      return StartAt.tailOffset(tailOffset);
    }
  }

  /** The read this command line asks for. */
  ReadSpec spec(Clock clock) {
    StartAt from = start == null ? StartAt.tail() : start.toStartAt(clock);
    ReadSpec spec = ReadSpec.from(from.clamp(clamp));
    if (count != null) {
      spec = spec.withCount(count);
    }
    if (bytes != null) {
      spec = spec.withBytes(bytes);
    }
    if (until != null) {
      spec = spec.withUntil(until);
    }
    return spec;
  }

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    output.read(
        env, "read", () -> spec(Clock.systemUTC()), () -> s2.stream(uri.basin(), uri.stream()));
    return 0;
  }
}

package dev.s2reactive.cli;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.reactor.ReactorS2Client;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code s2r tail s2://basin/stream -n N [-f]}: the last N records, then optionally follow. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = "Show the last N records of a stream; with -f keep following new ones.")
final class TailCommand extends ClientCommand {

  @Mixin StreamUriParameter uri;

  @Option(
      names = {"-n", "--lines"},
      paramLabel = "N",
      defaultValue = "10",
      description = "How many records (default: ${DEFAULT-VALUE}).")
  long lines;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep following new records.")
  boolean follow;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (the body), json, or json-base64 (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write records to FILE instead of standard output ('-').")
  Path output;

  ReadSpec spec() {
    if (lines < 0) {
      throw new IllegalArgumentException("-n must not be negative");
    }
    ReadSpec spec = ReadSpec.from(StartAt.tailOffset(lines));
    return follow ? spec : spec.stopAtTail();
  }

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    RecordLines recordLines = RecordLines.parse(format);
    ReadSpec spec = spec();
    try (RecordOutput out = RecordOutput.open(env, output, recordLines);
        Progress progress = new Progress(env, "tail")) {
      RecordReader.read(s2.stream(uri.basin(), uri.stream()), spec, out, progress);
    }
    return 0;
  }
}

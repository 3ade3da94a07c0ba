package dev.s2reactive.cli;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.reactor.ReactorS2Client;
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

  @Mixin RecordOutputOptions output;

  ReadSpec spec() {
    if (lines < 0) {
      throw new IllegalArgumentException("-n must not be negative");
    }
    ReadSpec spec = ReadSpec.from(StartAt.tailOffset(lines));
    return follow ? spec : spec.stopAtTail();
  }

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    output.read(env, "tail", this::spec, () -> s2.stream(uri.basin(), uri.stream()));
    return 0;
  }
}

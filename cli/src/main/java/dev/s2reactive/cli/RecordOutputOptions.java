package dev.s2reactive.cli;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code --format} and {@code -o/--output}: how {@code read} and {@code tail} print records. */
final class RecordOutputOptions {

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

  /**
   * Reads into the chosen output, with a progress line labelled {@code verb}. The format is checked
   * before the spec is built, and the output file is created before the stream is resolved.
   */
  void read(CliEnv env, String verb, Supplier<ReadSpec> spec, Supplier<ReactorS2Stream> stream) {
    RecordLines lines = RecordLines.parse(format);
    ReadSpec readSpec = spec.get();
    try (RecordOutput out = RecordOutput.open(env, output, lines);
        Progress progress = new Progress(env, verb)) {
      RecordReader.read(stream.get(), readSpec, out, progress);
    }
  }
}

package dev.s2reactive.cli;

import dev.s2reactive.core.model.SequencedRecord;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code read} and {@code tail} print records: standard output, or {@code -o FILE}
 * ({@code -} for standard output). One line per record in the chosen format, flushed per batch.
 * Not thread-safe: used from the command's thread only.
 */
final class RecordOutput implements AutoCloseable {

  private final PrintStream out;
  private final boolean ownsStream;
  private final RecordLines format;

  private RecordOutput(PrintStream out, boolean ownsStream, RecordLines format) {
    this.out = out;
    this.ownsStream = ownsStream;
    this.format = format;
  }

  static RecordOutput open(CliEnv env, Path file, RecordLines format) {
    if (file == null || file.toString().equals("-")) {
      return new RecordOutput(env.out(), false, format);
    }
    try {
      OutputStream stream = new BufferedOutputStream(new FileOutputStream(file.toFile()));
      return new RecordOutput(new PrintStream(stream, false, StandardCharsets.UTF_8), true, format);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  void write(List<SequencedRecord> records) {
    for (SequencedRecord record : records) {
      out.println(format.toLine(record));
    }
    out.flush();
    if (out.checkError()) {
      throw new OutputClosedException();
    }
  }

  /** The reader of our output went away (as {@code head} does): stop quietly. */
  static final class OutputClosedException extends RuntimeException {
    OutputClosedException() {
      super("output closed", null, false, false);
    }
  }

  @Override
  public void close() {
    out.flush();
    if (ownsStream) {
      out.close();
    }
  }
}

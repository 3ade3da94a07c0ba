package dev.s2reactive.samples;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A reader that survives restarts: after processing each record it saves the next seq_num in a
 * cursor file; stopped in the middle of a live stream, it is replaced by a new reader that knows
 * nothing but the file and resumes exactly there, while the writer kept writing. Together the two
 * runs see every record once, in order: the stream, not the reader, keeps the data.
 *
 * <p>Records the first reader had received but not yet processed when it stopped (read-ahead) are
 * simply read again: the cursor counts processed records. Saving after processing gives
 * at-least-once processing across crashes; this sample stops cleanly, so it is exactly once.
 */
public final class Resume {

  /**
   * Settings of one run. Immutable.
   *
   * @param records log lines to write (at least 2)
   * @param stopAfter records the first reader processes before it stops (1 to records - 1)
   * @param writeDuration about how long the writer spreads its lines over
   * @param timeout how long any one step may take before the run fails
   */
  public record Options(int records, int stopAfter, Duration writeDuration, Duration timeout) {

    public Options {
      if (stopAfter < 1 || stopAfter >= records) {
        throw new IllegalArgumentException("stopAfter must be between 1 and records - 1");
      }
    }

    /** 1000 lines over one second, stop after 400, a 60 s timeout. */
    public static Options defaults() {
      return new Options(1000, 400, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** {@code records} lines; the first reader stops after 40% of them. */
    public Options withRecords(int records) {
      return new Options(records, Math.max(1, records * 2 / 5), writeDuration, timeout);
    }
  }

  private Resume() {}

  /** {@code java -cp … dev.s2reactive.samples.Resume [options]}, as {@code s2r demo resume}. */
  public static void main(String[] args) {
    System.exit(DemoCommand.run("resume", args));
  }

  /**
   * Runs the sample on {@code target} with the cursor in {@code cursorFile} (replaced; a temporary
   * file, deleted afterwards, when null), reporting progress lines to {@code progress}.
   */
  public static ResumeResult run(
      S2Target target, Options options, Path cursorFile, Consumer<String> progress) {
    Path file = cursorFile != null ? cursorFile : temporaryFile();
    FileCursor cursor = new FileCursor(file);
    Duration timeout = options.timeout();
    try (SampleStream sample = SampleStream.create(target, Broadcast.STREAM, timeout)) {
      progress.accept("resume on " + target.description());
      progress.accept("  " + sample.description());
      cursor.clear(); // the stream is new: an old cursor would point into another stream
      long base = sample.writer().checkTail().block(timeout).seqNum();
      SequenceCheck overall =
          new SequenceCheck("reader, runs 1 and 2", base, base, base + options.records());

      CompletableFuture<LogWriter.Written> writing =
          LogWriter.write(sample.writer(), options.records(), options.writeDuration()).toFuture();

      long from = cursor.load().orElse(base);
      progress.accept("  run 1: following from seq_num " + from + " while the writer writes...");
      AtomicLong unused = new AtomicLong(-1);
      long firstRun =
          consume(sample.reader(), cursor, overall, from, options.stopAfter(), unused, timeout);
      long saved = cursor.load().orElseThrow();
      progress.accept(
          "  run 1: stopped after " + firstRun + " records; the writer goes on without it");

      LogWriter.Written written = Broadcast.await(writing, timeout);

      // A new reader: all it knows is the file.
      long resumeFrom = cursor.load().orElse(base);
      progress.accept("  run 2: resuming from the cursor file at seq_num " + resumeFrom + "...");
      AtomicLong firstSeen = new AtomicLong(-1);
      long secondRun =
          consume(sample.reader(), cursor, overall, resumeFrom, 0, firstSeen, timeout);

      return new ResumeResult(
          target.description(),
          sample.description(),
          written.records(),
          options.records(),
          firstRun,
          saved,
          firstSeen.get(),
          secondRun,
          cursor.load().orElse(-1),
          overall.report(),
          cursor.file().toString());
    } finally {
      if (cursorFile == null) {
        cursor.clear();
      }
    }
  }

  /**
   * One reader's life: reads from {@code from}, and for each record processes it (here: checks
   * it) and then saves the cursor, off the event loop. Stops after {@code limit} records (0: when
   * caught up with the tail). Returns how many records it processed.
   */
  private static long consume(
      ReactorS2Stream stream,
      FileCursor cursor,
      SequenceCheck check,
      long from,
      long limit,
      AtomicLong firstSeen,
      Duration timeout) {
    ReadSpec spec = ReadSpec.from(StartAt.seqNum(from));
    Flux<Long> processed =
        stream
            .read(limit > 0 ? spec : spec.stopAtTail())
            .publishOn(Schedulers.boundedElastic())
            .map(
                record -> {
                  firstSeen.compareAndSet(-1, record.seqNum());
                  check.accept(record);
                  cursor.save(record.seqNum() + 1);
                  return record.seqNum();
                });
    return (limit > 0 ? processed.take(limit) : processed).count().block(timeout);
  }

  private static Path temporaryFile() {
    try {
      Path file = Files.createTempFile("s2r-demo-cursor-", ".txt");
      Files.delete(file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary cursor file", e);
    }
  }
}

package dev.s2reactive.reliability;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The operations concurrent clients performed on one stream, each with its invocation and
 * response time ({@link System#nanoTime()}) and result, for {@link ConsistencyChecker}.
 * Thread-safe: clients {@link #add} from their own threads.
 */
public final class History {

  /** One completed operation. */
  public sealed interface Op permits Append, Read, CheckTail {
    int client();

    long invokedNanos();

    long completedNanos();
  }

  /** How an append ended. */
  public enum Outcome {
    /** Acknowledged: the batch occupies {@code [start, end)}. */
    OK,
    /** Failed in a way that guarantees the batch was not applied (e.g. a 412 condition failure). */
    FAILED,
    /** Failed in a way that may have applied it: all of the batch or none of it may be present. */
    INDETERMINATE
  }

  /**
   * An append of {@code bodies} (unique across the history), with its conditions; {@code start}
   * and {@code end} are the acknowledged range when {@code outcome} is {@link Outcome#OK}, else 0.
   */
  public record Append(
      int client,
      long invokedNanos,
      long completedNanos,
      List<Bytes> bodies,
      OptionalLong matchSeqNum,
      Optional<String> fencingToken,
      Outcome outcome,
      long start,
      long end,
      String error)
      implements Op {
    public Append {
      bodies = List.copyOf(bodies);
      Objects.requireNonNull(matchSeqNum, "matchSeqNum");
      Objects.requireNonNull(fencingToken, "fencingToken");
      Objects.requireNonNull(outcome, "outcome");
    }

    /** An acknowledged append. */
    public static Append ok(
        int client, long invoked, long completed, List<Bytes> bodies, long start, long end) {
      return new Append(
          client, invoked, completed, bodies, OptionalLong.empty(), Optional.empty(),
          Outcome.OK, start, end, "");
    }

    /** A failed append, classified with {@link #outcomeOf(Throwable)}. */
    public static Append failed(
        int client, long invoked, long completed, List<Bytes> bodies, Outcome outcome) {
      return new Append(
          client, invoked, completed, bodies, OptionalLong.empty(), Optional.empty(), outcome,
          0, 0, outcome.name());
    }

    public Append withMatchSeqNum(long seqNum) {
      return new Append(
          client, invokedNanos, completedNanos, bodies, OptionalLong.of(seqNum), fencingToken,
          outcome, start, end, error);
    }

    public Append withFencingToken(String token) {
      return new Append(
          client, invokedNanos, completedNanos, bodies, matchSeqNum, Optional.of(token),
          outcome, start, end, error);
    }

    public Append withError(String error) {
      return new Append(
          client, invokedNanos, completedNanos, bodies, matchSeqNum, fencingToken, outcome,
          start, end, error);
    }
  }

  /**
   * A read from the head (seq_num 0) to the tail it reached: {@code length} records whose {@link
   * ChainHash} is {@code hash}. {@code contiguous} is false when the read's own seq_nums were not
   * 0, 1, 2, ... (a gap, duplicate or reordering inside the read).
   */
  public record Read(
      int client,
      long invokedNanos,
      long completedNanos,
      long length,
      long hash,
      boolean contiguous)
      implements Op {}

  /** A check-tail that returned {@code tail} (the next seq_num). */
  public record CheckTail(int client, long invokedNanos, long completedNanos, long tail)
      implements Op {}

  private final List<Op> ops = new ArrayList<>();

  public synchronized void add(Op op) {
    ops.add(Objects.requireNonNull(op, "op"));
  }

  /** A snapshot of the operations recorded so far. */
  public synchronized List<Op> ops() {
    return List.copyOf(ops);
  }

  /**
   * {@link Outcome#FAILED} when {@code error} is an S2 error that guarantees no side effect (such
   * as a 412 condition failure), else {@link Outcome#INDETERMINATE}: connection breaks, timeouts
   * and anything unknown may have applied the append.
   */
  public static Outcome outcomeOf(Throwable error) {
    int depth = 0; // bounded: a cause chain may be cyclic
    for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof S2Exception s2) {
        return s2.mayHaveBeenApplied() ? Outcome.INDETERMINATE : Outcome.FAILED;
      }
    }
    return Outcome.INDETERMINATE;
  }
}

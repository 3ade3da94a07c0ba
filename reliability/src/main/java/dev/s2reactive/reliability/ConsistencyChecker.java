package dev.s2reactive.reliability;

import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reliability.History.Append;
import dev.s2reactive.reliability.History.CheckTail;
import dev.s2reactive.reliability.History.Op;
import dev.s2reactive.reliability.History.Outcome;
import dev.s2reactive.reliability.History.Read;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Checks that one total order of records, the final stream, explains a {@link History}:
 *
 * <ul>
 *   <li>the final stream's seq_nums are 0, 1, 2, ...; no body appears twice; every body was sent
 *       by some append;
 *   <li>an acknowledged append's {@code [start, end)} holds exactly its batch, in order, and agrees
 *       with its {@code match_seq_num} and fencing token (the token in force at {@code start},
 *       from the fence commands before it);
 *   <li>a definitely failed append left no record; an indeterminate one left all of its batch,
 *       contiguous and in order, or none of it (never a duplicate or a partial batch);
 *   <li>every read is a prefix of the final stream (same length and {@link ChainHash}), with
 *       contiguous seq_nums;
 *   <li>real time: a read, check-tail or append observes at least what any operation that
 *       completed before it was invoked observed (an acknowledgement's end, a read's length, a
 *       tail), so tails are monotonic and no acknowledged record is missed; and nothing observes a
 *       record whose append was invoked after the observation completed.
 * </ul>
 *
 * <p>Pure and thread-safe: it reads only its arguments.
 */
public final class ConsistencyChecker {

  private static final int MAX_REPORTED = 40;

  private ConsistencyChecker() {}

  /** What the check found, with counts for reports. */
  public record Result(
      List<String> violations,
      long violationCount,
      long records,
      long acknowledged,
      long failed,
      long indeterminatePresent,
      long indeterminateAbsent,
      long reads,
      long tails) {
    public Result {
      violations = List.copyOf(violations);
    }

    public boolean isConsistent() {
      return violationCount == 0;
    }

    public String summary() {
      return String.format(
          "%d records; appends: %d acknowledged, %d failed, %d indeterminate (%d present, %d"
              + " absent); %d reads, %d tail checks; %d violations",
          records,
          acknowledged,
          failed,
          indeterminatePresent + indeterminateAbsent,
          indeterminatePresent,
          indeterminateAbsent,
          reads,
          tails,
          violationCount);
    }
  }

  /**
   * Checks {@code ops} against {@code finalStream}, the whole stream read after every operation
   * completed.
   *
   * @throws IllegalArgumentException if two appends in the history carry the same body
   */
  public static Result check(List<Op> ops, List<SequencedRecord> finalStream) {
    return new Run(ops, finalStream).run();
  }

  private static final class Run {
    private final List<Op> ops;
    private final List<SequencedRecord> stream;
    private final int n;
    private final List<String> violations = new ArrayList<>();
    private long violationCount;
    private final Map<Bytes, Integer> positions = new HashMap<>();
    private final Map<Bytes, Append> owners = new HashMap<>();
    private final long[] prefixHash;
    private final long[] prefixMaxInvoked;
    private final String[] tokenBefore;
    private long acknowledged;
    private long failed;
    private long indeterminatePresent;
    private long indeterminateAbsent;
    private long reads;
    private long tails;

    Run(List<Op> ops, List<SequencedRecord> stream) {
      this.ops = ops;
      this.stream = stream;
      this.n = stream.size();
      this.prefixHash = new long[n + 1];
      this.prefixMaxInvoked = new long[n + 1];
      this.tokenBefore = new String[n + 1];
    }

    Result run() {
      indexAppends();
      indexStream();
      for (Op op : ops) {
        if (op instanceof Append a) {
          checkAppend(a);
        } else if (op instanceof Read r) {
          checkRead(r);
        } else if (op instanceof CheckTail t) {
          checkTail(t);
        }
      }
      checkRealTimeOrder();
      return new Result(
          violations,
          violationCount,
          n,
          acknowledged,
          failed,
          indeterminatePresent,
          indeterminateAbsent,
          reads,
          tails);
    }

    private void violation(String message) {
      violationCount++;
      if (violations.size() < MAX_REPORTED) {
        violations.add(message);
      }
    }

    private void indexAppends() {
      for (Op op : ops) {
        if (op instanceof Append a) {
          for (Bytes body : a.bodies()) {
            if (owners.put(body, a) != null) {
              throw new IllegalArgumentException(
                  "history is not checkable: two appends carry the body " + body.utf8());
            }
          }
        }
      }
    }

    private void indexStream() {
      prefixHash[0] = ChainHash.EMPTY;
      prefixMaxInvoked[0] = Long.MIN_VALUE;
      tokenBefore[0] = "";
      for (int p = 0; p < n; p++) {
        SequencedRecord record = stream.get(p);
        if (record.seqNum() != p) {
          violation(
              "final stream: position " + p + " holds seq_num " + record.seqNum()
                  + " (seq_nums must be contiguous from 0)");
        }
        Integer earlier = positions.putIfAbsent(record.body(), p);
        if (earlier != null) {
          violation(
              "duplicate: " + describe(record.body()) + " at seq_num " + earlier + " and " + p);
        }
        Append owner = owners.get(record.body());
        long invoked = Long.MIN_VALUE;
        if (owner == null) {
          violation("phantom: " + describe(record.body()) + " at seq_num " + p
              + " was never appended");
        } else {
          invoked = owner.invokedNanos();
        }
        prefixHash[p + 1] = ChainHash.fold(prefixHash[p], record.body());
        prefixMaxInvoked[p + 1] = Math.max(prefixMaxInvoked[p], invoked);
        tokenBefore[p + 1] = isFence(record) ? record.body().utf8() : tokenBefore[p];
      }
    }

    private static boolean isFence(SequencedRecord record) {
      return record.isCommand()
          && record.headers().get(0).value().equals(AppendRecord.FENCE_COMMAND);
    }

    private void checkAppend(Append a) {
      switch (a.outcome()) {
        case OK -> {
          acknowledged++;
          if (a.end() - a.start() != a.bodies().size()) {
            violation(name(a) + ": acknowledged range [" + a.start() + ", " + a.end()
                + ") does not fit its " + a.bodies().size() + " records");
            return;
          }
          for (int k = 0; k < a.bodies().size(); k++) {
            long seq = a.start() + k;
            if (seq >= n || !stream.get((int) seq).body().equals(a.bodies().get(k))) {
              Integer at = positions.get(a.bodies().get(k));
              violation("lost acknowledged record: " + name(a) + " acknowledged "
                  + describe(a.bodies().get(k)) + " at seq_num " + seq + " but the final stream "
                  + (at == null ? "lacks it" : "has it at " + at));
              return;
            }
          }
          checkConditions(a, a.start());
          checkNotFromTheFuture(name(a), a.end(), a.completedNanos());
        }
        case FAILED -> {
          failed++;
          for (Bytes body : a.bodies()) {
            Integer at = positions.get(body);
            if (at != null) {
              violation(name(a) + " failed definitely (" + a.error() + ") but "
                  + describe(body) + " is at seq_num " + at);
              return;
            }
          }
        }
        case INDETERMINATE -> {
          long present = a.bodies().stream().filter(positions::containsKey).count();
          if (present == 0) {
            indeterminateAbsent++;
            return;
          }
          indeterminatePresent++;
          if (present != a.bodies().size()) {
            violation("partial batch: " + present + " of the " + a.bodies().size()
                + " records of " + name(a) + " are present");
            return;
          }
          int first = positions.get(a.bodies().get(0));
          for (int k = 1; k < a.bodies().size(); k++) {
            if (positions.get(a.bodies().get(k)) != first + k) {
              violation("split batch: " + name(a) + " is present but not contiguous and in order");
              return;
            }
          }
          checkConditions(a, first);
        }
      }
    }

    private void checkConditions(Append a, long start) {
      if (a.matchSeqNum().isPresent() && a.matchSeqNum().getAsLong() != start) {
        violation(name(a) + " with match_seq_num " + a.matchSeqNum().getAsLong()
            + " landed at seq_num " + start);
      }
      String tokenThere = tokenBefore[(int) start];
      if (a.fencingToken().isPresent() && !a.fencingToken().get().equals(tokenThere)) {
        violation(name(a) + " with fencing token '" + a.fencingToken().get()
            + "' landed at seq_num " + start + " where the token was '"
            + tokenBefore[(int) start] + "'");
      }
    }

    private void checkRead(Read r) {
      reads++;
      if (!r.contiguous()) {
        violation(name(r) + ": seq_nums within the read were not contiguous from 0");
      }
      if (r.length() > n) {
        violation(name(r) + " returned " + r.length() + " records; the final stream has " + n);
        return;
      }
      if (prefixHash[(int) r.length()] != r.hash()) {
        violation(name(r) + " of " + r.length()
            + " records is not a prefix of the final stream (lost, reordered or changed records)");
        return;
      }
      checkNotFromTheFuture(name(r), r.length(), r.completedNanos());
    }

    private void checkTail(CheckTail t) {
      tails++;
      if (t.tail() > n) {
        violation(name(t) + " returned " + t.tail() + "; the final stream has only " + n
            + " records (acknowledged records lost?)");
        return;
      }
      checkNotFromTheFuture(name(t), t.tail(), t.completedNanos());
    }

    /** Every record before {@code length} was appended by an append invoked before completion. */
    private void checkNotFromTheFuture(String what, long length, long completedNanos) {
      if (prefixMaxInvoked[(int) length] > completedNanos) {
        violation(what + " observed a record whose append was invoked after it completed");
      }
    }

    /**
     * Lower bounds: an operation observes at least the largest value (acknowledged end, read
     * length, tail) of the operations that completed before it was invoked.
     */
    private void checkRealTimeOrder() {
      record Observation(long completedNanos, long value) {}
      List<Observation> observed = new ArrayList<>();
      for (Op op : ops) {
        observedValue(op).ifPresent(v -> observed.add(new Observation(op.completedNanos(), v)));
      }
      observed.sort(Comparator.comparingLong(Observation::completedNanos));
      long[] completed = new long[observed.size()];
      long[] maxValue = new long[observed.size()];
      long max = 0;
      for (int i = 0; i < observed.size(); i++) {
        completed[i] = observed.get(i).completedNanos();
        max = Math.max(max, observed.get(i).value());
        maxValue[i] = max;
      }
      for (Op op : ops) {
        int before = countBefore(completed, op.invokedNanos());
        long bound = before == 0 ? 0 : maxValue[before - 1];
        if (op instanceof Append a && a.outcome() == Outcome.OK && a.start() < bound) {
          violation(name(a) + " landed at " + a.start() + ", before " + bound
              + " that an operation completed before its invocation had observed");
        } else if (op instanceof Read r && r.length() < bound) {
          violation("stale read: " + name(r) + " returned " + r.length()
              + " records, but an operation completed before it was invoked observed " + bound);
        } else if (op instanceof CheckTail t && t.tail() < bound) {
          violation("stale tail: " + name(t) + " returned " + t.tail()
              + ", but an operation completed before it was invoked observed " + bound);
        }
      }
    }

    /** What an operation tells about the stream's length: an ack's end, a read's length, a tail. */
    private static OptionalLong observedValue(Op op) {
      if (op instanceof Append a && a.outcome() == Outcome.OK) {
        return OptionalLong.of(a.end());
      } else if (op instanceof Read r) {
        return OptionalLong.of(r.length());
      } else if (op instanceof CheckTail t) {
        return OptionalLong.of(t.tail());
      }
      return OptionalLong.empty();
    }

    /** The number of entries of sorted {@code completed} strictly below {@code invoked}. */
    private static int countBefore(long[] completed, long invoked) {
      int i = Arrays.binarySearch(completed, invoked);
      if (i < 0) {
        return -i - 1;
      }
      while (i > 0 && completed[i - 1] == invoked) {
        i--;
      }
      return i;
    }

    private static String name(Op op) {
      String kind =
          op instanceof Append a
              ? "append of " + a.bodies().size() + " records [" + describe(a.bodies().get(0))
                  + "...]"
              : op instanceof Read ? "read" : "check-tail";
      return kind + " by client " + op.client() + " @" + op.invokedNanos();
    }

    private static String describe(Bytes body) {
      String text = body.utf8();
      return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
    }
  }
}

package dev.s2reactive.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reliability.History.Append;
import dev.s2reactive.reliability.History.CheckTail;
import dev.s2reactive.reliability.History.Op;
import dev.s2reactive.reliability.History.Outcome;
import dev.s2reactive.reliability.History.Read;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker on hand-made histories: valid ones pass, each kind of anomaly is caught. */
class ConsistencyCheckerTest {

  private static List<Bytes> bodies(String... texts) {
    return java.util.Arrays.stream(texts).map(Bytes::utf8).toList();
  }

  private static List<SequencedRecord> stream(String... texts) {
    List<SequencedRecord> records = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      records.add(new SequencedRecord(i, i, List.of(), Bytes.utf8(texts[i])));
    }
    return records;
  }

  private static Read read(long invoked, long completed, String... prefix) {
    return new Read(9, invoked, completed, prefix.length, ChainHash.of(bodies(prefix)), true);
  }

  private static ConsistencyChecker.Result check(List<SequencedRecord> stream, Op... ops) {
    return ConsistencyChecker.check(List.of(ops), stream);
  }

  @Test
  void acceptsAConsistentHistory() {
    var result =
        check(
            stream("a", "b", "c", "d"),
            Append.ok(1, 0, 10, bodies("a", "b"), 0, 2),
            new CheckTail(2, 11, 12, 2),
            read(13, 20, "a", "b"),
            Append.ok(1, 15, 30, bodies("c", "d"), 2, 4),
            read(31, 40, "a", "b", "c", "d"),
            new CheckTail(2, 41, 42, 4));

    assertThat(result.violations()).isEmpty();
    assertThat(result.isConsistent()).isTrue();
    assertThat(result.acknowledged()).isEqualTo(2);
    assertThat(result.reads()).isEqualTo(2);
    assertThat(result.tails()).isEqualTo(2);
  }

  @Test
  void concurrentOperationsMayObserveEitherState() {
    // the read overlaps the append, so it may see the stream before or after it
    var result =
        check(
            stream("a", "b"),
            Append.ok(1, 0, 10, bodies("a"), 0, 1),
            Append.ok(1, 20, 40, bodies("b"), 1, 2),
            read(25, 30, "a"),
            new CheckTail(2, 26, 27, 2));

    assertThat(result.violations()).isEmpty();
  }

  @Test
  void catchesALostAcknowledgement() {
    var result =
        check(stream("a"), Append.ok(1, 0, 10, bodies("a"), 0, 1),
            Append.ok(1, 11, 20, bodies("b"), 1, 2));

    assertThat(result.isConsistent()).isFalse();
    assertThat(result.violations()).anyMatch(v -> v.startsWith("lost acknowledged record"));
  }

  @Test
  void catchesAnAcknowledgementAtTheWrongPosition() {
    var result =
        check(stream("b", "a"), Append.ok(1, 0, 10, bodies("a"), 0, 1),
            Append.ok(1, 11, 20, bodies("b"), 1, 2));

    assertThat(result.violations()).anyMatch(v -> v.contains("has it at 1"));
  }

  @Test
  void catchesAReorderedRead() {
    var result =
        check(
            stream("a", "b"),
            Append.ok(1, 0, 10, bodies("a", "b"), 0, 2),
            read(11, 20, "b", "a"));

    assertThat(result.violations()).anyMatch(v -> v.contains("is not a prefix"));
  }

  @Test
  void catchesAStaleTail() {
    var result =
        check(
            stream("a", "b", "c"),
            Append.ok(1, 0, 10, bodies("a", "b", "c"), 0, 3),
            new CheckTail(2, 11, 12, 2));

    assertThat(result.violations()).anyMatch(v -> v.startsWith("stale tail"));
  }

  @Test
  void catchesATailGoingBackwards() {
    var result =
        check(
            stream("a", "b"),
            Append.ok(1, 0, 100, bodies("a", "b"), 0, 2),
            new CheckTail(2, 10, 20, 2),
            new CheckTail(3, 30, 40, 0));

    assertThat(result.violations()).anyMatch(v -> v.startsWith("stale tail"));
  }

  @Test
  void catchesAStaleReadAndAReadBeyondTheStream() {
    var stale =
        check(stream("a"), Append.ok(1, 0, 10, bodies("a"), 0, 1), read(11, 12));
    var beyond = check(stream("a"), Append.ok(1, 0, 10, bodies("a"), 0, 1), read(11, 12, "a", "z"));

    assertThat(stale.violations()).anyMatch(v -> v.startsWith("stale read"));
    assertThat(beyond.violations()).anyMatch(v -> v.contains("the final stream has 1"));
  }

  @Test
  void catchesAnObservationOfTheFuture() {
    // the tail saw "b" before anyone had started appending it
    var result =
        check(
            stream("a", "b"),
            Append.ok(1, 0, 10, bodies("a"), 0, 1),
            new CheckTail(2, 11, 12, 2),
            Append.ok(1, 20, 30, bodies("b"), 1, 2));

    assertThat(result.violations()).anyMatch(v -> v.contains("invoked after it completed"));
  }

  @Test
  void catchesAppendsOutOfRealTimeOrder() {
    var result =
        check(
            stream("b", "a"),
            Append.ok(1, 0, 10, bodies("a"), 1, 2),
            Append.ok(2, 20, 30, bodies("b"), 0, 1));

    assertThat(result.violations()).anyMatch(v -> v.contains("landed at 0, before 2"));
  }

  @Test
  void acceptsIndeterminateAppendsPresentOrAbsent() {
    var result =
        check(
            stream("a", "b", "c"),
            Append.failed(1, 0, 10, bodies("a", "b"), Outcome.INDETERMINATE),
            Append.failed(2, 0, 10, bodies("x", "y"), Outcome.INDETERMINATE),
            Append.ok(3, 11, 20, bodies("c"), 2, 3));

    assertThat(result.violations()).isEmpty();
    assertThat(result.indeterminatePresent()).isEqualTo(1);
    assertThat(result.indeterminateAbsent()).isEqualTo(1);
  }

  @Test
  void catchesAPartialOrSplitIndeterminateBatch() {
    var partial =
        check(stream("a"), Append.failed(1, 0, 10, bodies("a", "b"), Outcome.INDETERMINATE));
    var split =
        check(
            stream("a", "c", "b"),
            Append.failed(1, 0, 10, bodies("a", "b"), Outcome.INDETERMINATE),
            Append.failed(2, 0, 10, bodies("c"), Outcome.INDETERMINATE));

    assertThat(partial.violations()).anyMatch(v -> v.startsWith("partial batch"));
    assertThat(split.violations()).anyMatch(v -> v.startsWith("split batch"));
  }

  @Test
  void catchesDuplicatesAndPhantoms() {
    var duplicate =
        check(stream("a", "a"), Append.failed(1, 0, 10, bodies("a"), Outcome.INDETERMINATE));
    var phantom = check(stream("a", "z"), Append.ok(1, 0, 10, bodies("a"), 0, 1));

    assertThat(duplicate.violations()).anyMatch(v -> v.startsWith("duplicate"));
    assertThat(phantom.violations()).anyMatch(v -> v.startsWith("phantom"));
  }

  @Test
  void catchesADefinitelyFailedAppendThatIsPresent() {
    var result =
        check(stream("a"), Append.failed(1, 0, 10, bodies("a"), Outcome.FAILED));

    assertThat(result.violations()).anyMatch(v -> v.contains("failed definitely"));
  }

  @Test
  void catchesGapsInTheFinalStreamAndInReads() {
    List<SequencedRecord> gap =
        List.of(
            new SequencedRecord(0, 0, List.of(), Bytes.utf8("a")),
            new SequencedRecord(2, 0, List.of(), Bytes.utf8("b")));
    var result =
        ConsistencyChecker.check(
            List.of(
                Append.ok(1, 0, 10, bodies("a", "b"), 0, 2),
                new Read(2, 11, 12, 2, ChainHash.of(bodies("a", "b")), false)),
            gap);

    assertThat(result.violations()).anyMatch(v -> v.contains("contiguous from 0"));
    assertThat(result.violations()).anyMatch(v -> v.contains("within the read"));
  }

  @Test
  void checksConditionsAgainstThePosition() {
    Bytes fence = Bytes.utf8("t1");
    List<SequencedRecord> records =
        List.of(
            new SequencedRecord(0, 0, List.of(new Header(Bytes.EMPTY, Bytes.utf8("fence"))), fence),
            new SequencedRecord(1, 0, List.of(), Bytes.utf8("a")),
            new SequencedRecord(2, 0, List.of(), Bytes.utf8("b")));
    var good =
        ConsistencyChecker.check(
            List.of(
                Append.ok(1, 0, 10, List.of(fence), 0, 1),
                Append.ok(1, 11, 20, bodies("a"), 1, 2).withFencingToken("t1").withMatchSeqNum(1),
                Append.ok(1, 21, 30, bodies("b"), 2, 3).withFencingToken("t1")),
            records);
    var bad =
        ConsistencyChecker.check(
            List.of(
                Append.ok(1, 0, 10, List.of(fence), 0, 1).withFencingToken("t1"),
                Append.ok(1, 11, 20, bodies("a"), 1, 2).withMatchSeqNum(0),
                Append.ok(1, 21, 30, bodies("b"), 2, 3).withFencingToken("old")),
            records);

    assertThat(good.violations()).isEmpty();
    assertThat(bad.violations())
        .anyMatch(v -> v.contains("fencing token 't1' landed at seq_num 0 where the token was ''"))
        .anyMatch(v -> v.contains("match_seq_num 0 landed at seq_num 1"))
        .anyMatch(v -> v.contains("fencing token 'old'"));
  }

  @Test
  void refusesHistoriesWithRepeatedBodies() {
    assertThatThrownBy(
            () ->
                check(
                    stream("a"),
                    Append.ok(1, 0, 10, bodies("a"), 0, 1),
                    Append.failed(2, 0, 10, bodies("a"), Outcome.FAILED)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.s2reactive.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.SequencedRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamVerifierTest {

  private static final int SIZE = 150;

  private static List<SequencedRecord> chain(long firstSeq, int n) {
    Workload workload = new Workload(SIZE, 3);
    List<SequencedRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(WorkloadTest.sequenced(firstSeq + i, workload.next(i)));
    }
    return records;
  }

  private static long lastHash(List<SequencedRecord> records) {
    return Workload.carriedHash(records.get(records.size() - 1));
  }

  @Test
  void acceptsTheWholeChainFromAnySeqNum() {
    List<SequencedRecord> records = chain(42, 10);
    StreamVerifier verifier = new StreamVerifier(42, SIZE - Workload.OVERHEAD);
    records.forEach(r -> assertThat(verifier.accept(r)).isTrue());
    assertThat(verifier.records()).isEqualTo(10);
    assertThat(verifier.verdict(10, lastHash(records))).isEmpty();
  }

  @Test
  void gapIsALostRecord() {
    List<SequencedRecord> records = chain(0, 3);
    StreamVerifier verifier = new StreamVerifier(0, SIZE - Workload.OVERHEAD);
    verifier.accept(records.get(0));
    assertThat(verifier.accept(records.get(2))).isFalse();
    assertThat(verifier.violation()).get().asString().startsWith("lost records");
    assertThat(verifier.verdict(3, lastHash(records))).isPresent();
  }

  @Test
  void repeatIsADuplicate() {
    List<SequencedRecord> records = chain(0, 3);
    StreamVerifier verifier = new StreamVerifier(0, SIZE - Workload.OVERHEAD);
    verifier.accept(records.get(0));
    verifier.accept(records.get(1));
    assertThat(verifier.accept(records.get(1))).isFalse();
    assertThat(verifier.violation()).get().asString().startsWith("duplicate or reordered");
  }

  @Test
  void swappedBodiesBreakTheChain() {
    List<SequencedRecord> records = chain(0, 3);
    SequencedRecord first = records.get(0);
    SequencedRecord second = records.get(1);
    StreamVerifier verifier = new StreamVerifier(0, SIZE - Workload.OVERHEAD);
    // Right seq_nums, wrong order of contents.
    assertThat(verifier.accept(new SequencedRecord(0, 0, second.headers(), second.body())))
        .isFalse();
    assertThat(verifier.violation()).get().asString().contains("chain hash mismatch");
    StreamVerifier other = new StreamVerifier(0, SIZE - Workload.OVERHEAD);
    assertThat(other.accept(first)).isTrue();
  }

  @Test
  void wrongBodySizeIsReported() {
    SequencedRecord record = chain(0, 1).get(0);
    StreamVerifier verifier = new StreamVerifier(0, SIZE - Workload.OVERHEAD);
    assertThat(verifier.accept(
        new SequencedRecord(0, 0, record.headers(), Bytes.utf8("short")))).isFalse();
    assertThat(verifier.violation()).get().asString().contains("body of 5 bytes");
  }

  @Test
  void verdictComparesCountAndFinalHashWithTheWriter() {
    List<SequencedRecord> records = chain(0, 4);
    StreamVerifier verifier = new StreamVerifier(0, SIZE - Workload.OVERHEAD);
    records.subList(0, 3).forEach(verifier::accept);
    assertThat(verifier.verdict(4, lastHash(records))).get().asString()
        .contains("saw 3 of 4");
    verifier.accept(records.get(3));
    assertThat(verifier.verdict(4, 12345)).get().asString().contains("final chain hash");
    assertThat(verifier.verdict(4, lastHash(records))).isEmpty();
  }
}

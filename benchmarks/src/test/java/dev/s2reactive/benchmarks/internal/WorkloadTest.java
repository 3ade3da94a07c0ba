package dev.s2reactive.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.SequencedRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  @Test
  void recordsMeterExactlyTheRecordSizeAndCarryTheirTimestamp() {
    Workload workload = new Workload(1024, 7);
    AppendRecord record = workload.next(1234);
    assertThat(record.meteredBytes()).isEqualTo(1024);
    assertThat(record.timestamp()).hasValue(1234);
    assertThat(Workload.OVERHEAD).isEqualTo(22);
  }

  @Test
  void headersCarryTheChainOfTheBodies() {
    Workload workload = new Workload(200, 7);
    long hash = 0;
    for (int i = 0; i < 5; i++) {
      SequencedRecord record = sequenced(i, workload.next(i));
      hash = ChainHash.next(hash, record.body().toByteArray());
      assertThat(Workload.carriedHash(record)).isEqualTo(hash);
    }
    assertThat(workload.lastHash()).isEqualTo(hash);
    assertThat(workload.generated()).isEqualTo(5);
  }

  @Test
  void bodiesDiffer() {
    Workload workload = new Workload(256, 7);
    assertThat(workload.next(0).body()).isNotEqualTo(workload.next(0).body());
  }

  @Test
  void rejectsSizesOutsideTheOfficialRange() {
    assertThatThrownBy(() -> new Workload(127, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Workload(1024 * 1024 + 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingOrShortHashHeaderIsReported() {
    SequencedRecord none = new SequencedRecord(0, 0, List.of(), Bytes.EMPTY);
    assertThatThrownBy(() -> Workload.carriedHash(none)).hasMessageContaining("no hash header");
    SequencedRecord shortHash = new SequencedRecord(
        0, 0, List.of(new Header(Workload.HASH_HEADER, Bytes.utf8("abc"))), Bytes.EMPTY);
    assertThatThrownBy(() -> Workload.carriedHash(shortHash)).hasMessageContaining("3 bytes");
  }

  static SequencedRecord sequenced(long seqNum, AppendRecord record) {
    return new SequencedRecord(
        seqNum, record.timestamp().orElse(0), new ArrayList<>(record.headers()), record.body());
  }
}

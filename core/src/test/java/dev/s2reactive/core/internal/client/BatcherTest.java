package dev.s2reactive.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.model.AppendRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatcherTest {

  private static final long MIB = 1024 * 1024;
  private static final long MS = 1_000_000L;

  /** A record whose metered size is exactly {@code size} (8 bytes of overhead, the rest body). */
  private static AppendRecord sized(long size) {
    return AppendRecord.of(new byte[(int) (size - 8)]);
  }

  @Test
  void fillsByRecordCountExactly() {
    Batcher b = new Batcher(3, MIB, Duration.ofMillis(5));
    assertThat(b.add(sized(10), 0)).isEmpty();
    assertThat(b.add(sized(10), 0)).isEmpty();
    List<Batcher.Batch> ready = b.add(sized(10), 0);
    assertThat(ready).hasSize(1);
    assertThat(ready.get(0).records()).hasSize(3);
    assertThat(ready.get(0).meteredBytes()).isEqualTo(30);
    assertThat(b.isEmpty()).isTrue();
    assertThat(b.lingerDeadline()).isEmpty();
  }

  @Test
  void thousandRecordsIsOneBatch() {
    Batcher b = Batcher.from(AppendOptions.defaults());
    for (int i = 0; i < 999; i++) {
      assertThat(b.add(sized(9), 0)).isEmpty();
    }
    assertThat(b.add(sized(9), 0))
        .singleElement()
        .satisfies(x -> assertThat(x.records()).hasSize(1000));
  }

  @Test
  void fillsByMeteredBytesExactly() {
    Batcher b = new Batcher(1000, 100, Duration.ofMillis(5));
    assertThat(b.add(sized(60), 0)).isEmpty();
    List<Batcher.Batch> ready = b.add(sized(40), 0); // exactly 100: full, sent at once
    assertThat(ready).singleElement().satisfies(x -> assertThat(x.meteredBytes()).isEqualTo(100));
    assertThat(b.isEmpty()).isTrue();
  }

  @Test
  void recordThatDoesNotFitStartsTheNextBatch() {
    Batcher b = new Batcher(1000, 100, Duration.ofMillis(5));
    b.add(sized(60), 0);
    List<Batcher.Batch> ready = b.add(sized(41), 3 * MS); // 101 > 100
    assertThat(ready).singleElement().satisfies(x -> assertThat(x.meteredBytes()).isEqualTo(60));
    assertThat(b.pendingRecords()).isEqualTo(1);
    assertThat(b.pendingBytes()).isEqualTo(41);
    // the new batch lingers from its own first record
    assertThat(b.lingerDeadline()).hasValue(8 * MS);
  }

  @Test
  void overflowAndFullAtOnceReturnsBothInOrder() {
    Batcher b = new Batcher(1000, 100, Duration.ofMillis(5));
    b.add(sized(30), 0);
    List<Batcher.Batch> ready = b.add(sized(100), 0);
    assertThat(ready).extracting(Batcher.Batch::meteredBytes).containsExactly(30L, 100L);
    assertThat(b.isEmpty()).isTrue();
  }

  @Test
  void recordAboveBatchLimitButWithinProtocolGoesAlone() {
    Batcher b = new Batcher(1000, 100, Duration.ofMillis(5));
    assertThat(b.add(sized(500), 0))
        .singleElement()
        .satisfies(x -> assertThat(x.records()).hasSize(1));
  }

  @Test
  void oneMebibyteRecordIsAcceptedOneByteMoreIsRejected() {
    Batcher b = Batcher.from(AppendOptions.defaults());
    assertThat(b.add(sized(MIB), 0))
        .singleElement()
        .satisfies(x -> assertThat(x.meteredBytes()).isEqualTo(MIB));
    b.add(sized(10), 0);
    assertThatThrownBy(() -> b.add(sized(MIB + 1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1048577")
        .hasMessageContaining("1048576");
    // the rejected record left the open batch alone
    assertThat(b.pendingRecords()).isEqualTo(1);
    assertThat(b.pendingBytes()).isEqualTo(10);
  }

  @Test
  void fullMebibyteBatchAcrossRecords() {
    Batcher b = Batcher.from(AppendOptions.defaults());
    assertThat(b.add(sized(MIB / 2), 0)).isEmpty();
    assertThat(b.add(sized(MIB / 2), 0))
        .singleElement()
        .satisfies(x -> assertThat(x.meteredBytes()).isEqualTo(MIB));
  }

  @Test
  void lingerExpiresFromFirstRecord() {
    Batcher b = new Batcher(1000, MIB, Duration.ofMillis(5));
    assertThat(b.pollExpired(0)).isEmpty();
    b.add(sized(10), 10 * MS);
    b.add(sized(10), 12 * MS);
    assertThat(b.lingerDeadline()).hasValue(15 * MS);
    assertThat(b.pollExpired(15 * MS - 1)).isEmpty();
    assertThat(b.pollExpired(15 * MS))
        .hasValueSatisfying(x -> assertThat(x.records()).hasSize(2));
    assertThat(b.pollExpired(100 * MS)).isEmpty();
  }

  @Test
  void zeroLingerIsDueImmediately() {
    Batcher b = new Batcher(1000, MIB, Duration.ZERO);
    b.add(sized(10), 7);
    assertThat(b.pollExpired(7)).isPresent();
  }

  @Test
  void lingerWorksAcrossNanoTimeWrap() {
    Batcher b = new Batcher(1000, MIB, Duration.ofMillis(5));
    long start = Long.MAX_VALUE - MS;
    b.add(sized(10), start);
    assertThat(b.pollExpired(start + 4 * MS)).isEmpty();
    assertThat(b.pollExpired(start + 5 * MS)).isPresent();
  }

  @Test
  void drainReturnsPartialBatch() {
    Batcher b = new Batcher(1000, MIB, Duration.ofMillis(5));
    assertThat(b.drain()).isEmpty();
    b.add(sized(10), 0);
    assertThat(b.drain()).hasValueSatisfying(x -> assertThat(x.records()).hasSize(1));
    assertThat(b.drain()).isEmpty();
  }

  @Test
  void batchesAreImmutableSnapshots() {
    Batcher b = new Batcher(2, MIB, Duration.ofMillis(5));
    b.add(sized(10), 0);
    Batcher.Batch first = b.add(sized(10), 0).get(0);
    b.add(sized(20), 0);
    assertThat(first.records()).hasSize(2);
    assertThatThrownBy(() -> first.records().add(sized(10)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}

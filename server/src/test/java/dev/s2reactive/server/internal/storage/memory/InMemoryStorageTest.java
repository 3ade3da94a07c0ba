package dev.s2reactive.server.internal.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.server.internal.storage.MetaBatch;
import dev.s2reactive.server.internal.storage.MetaStore.MetaEntry;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.ReadResult;
import dev.s2reactive.server.internal.storage.StreamState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryStorageTest {

  private final InMemoryStorage storage = new InMemoryStorage();

  @AfterEach
  void close() {
    storage.close();
  }

  private static Bytes key(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Bytes.copyOf(b);
  }

  /** Appends records with the given timestamps, seq_nums from the current tail. */
  private void append(long streamId, long... timestamps) {
    long next = storage.state(streamId).map(s -> s.tail().seqNum()).orElse(0L);
    List<SequencedRecord> records = new ArrayList<>();
    for (long ts : timestamps) {
      records.add(new SequencedRecord(next++, ts, List.of(), Bytes.utf8("ab")));
    }
    long lastTs = timestamps[timestamps.length - 1];
    storage.append(streamId, records, new StreamState(StreamPosition.of(next, lastTs), "", 0))
        .join();
  }

  private static List<Long> seqNums(ReadResult result) {
    return result.records().stream().map(SequencedRecord::seqNum).toList();
  }

  @Test
  void readStopsForTheRightReason() {
    append(1, 10, 20, 30, 40, 50);
    long noUntil = ReadLimit.NO_UNTIL;
    ReadResult count = storage.read(1, 1, new ReadLimit(2, 1000, noUntil, 5));
    assertThat(seqNums(count)).containsExactly(1L, 2L);
    assertThat(count.stop()).isEqualTo(ReadResult.Stop.COUNT);
    ReadResult bytes = storage.read(1, 0, new ReadLimit(10, 25, noUntil, 5)); // 10 bytes each
    assertThat(seqNums(bytes)).containsExactly(0L, 1L);
    assertThat(bytes.stop()).isEqualTo(ReadResult.Stop.BYTES);
    ReadResult until = storage.read(1, 0, new ReadLimit(10, 1000, 30, 5));
    assertThat(seqNums(until)).containsExactly(0L, 1L);
    assertThat(until.stop()).isEqualTo(ReadResult.Stop.UNTIL);
    ReadResult end = storage.read(1, 3, new ReadLimit(10, 1000, noUntil, 4));
    assertThat(seqNums(end)).containsExactly(3L);
    assertThat(end.stop()).isEqualTo(ReadResult.Stop.END);
    assertThat(storage.read(1, -1, new ReadLimit(10, 1000, noUntil, -1)).records()).isEmpty();
    assertThat(storage.read(9, 0, new ReadLimit(10, 1000, noUntil, -1)).stop())
        .isEqualTo(ReadResult.Stop.END);
  }

  @Test
  void timestampLookupIsUnsignedAndTrimSkipsRecords() {
    append(1, 5, 5, 7, -3L); // -3 is a huge unsigned timestamp
    assertThat(storage.seqNumAtOrAfter(1, 6)).hasValue(2);
    assertThat(storage.seqNumAtOrAfter(1, 5)).hasValue(0);
    assertThat(storage.seqNumAtOrAfter(1, 8)).hasValue(3);
    assertThat(storage.seqNumAtOrAfter(1, -2L)).isEmpty();
    storage.trim(1, 2).join();
    assertThat(seqNums(storage.read(1, 0, new ReadLimit(10, 1000, ReadLimit.NO_UNTIL, -1))))
        .containsExactly(2L, 3L);
    assertThat(storage.seqNumAtOrAfter(1, 0)).hasValue(2);
    storage.trim(1, 100).join();
    assertThat(storage.read(1, 0, new ReadLimit(10, 1000, ReadLimit.NO_UNTIL, -1)).records())
        .isEmpty();
    append(1, 9);
    assertThat(seqNums(storage.read(1, 0, new ReadLimit(10, 1000, ReadLimit.NO_UNTIL, -1))))
        .containsExactly(4L);
    storage.deleteStream(1).join();
    assertThat(storage.state(1)).isEmpty();
  }

  @Test
  void trimManyRecordsCompacts() {
    for (int i = 0; i < 50; i++) {
      long[] ts = new long[100];
      append(1, ts);
    }
    storage.trim(1, 4000).join();
    ReadResult result = storage.read(1, 0, new ReadLimit(2000, 1 << 20, ReadLimit.NO_UNTIL, -1));
    assertThat(result.records()).hasSize(1000);
    assertThat(result.records().get(0).seqNum()).isEqualTo(4000);
    assertThat(storage.seqNumAtOrAfter(1, 0)).hasValue(4000);
  }

  @Test
  void metaScanUsesUnsignedOrderPrefixAndStartAfter() {
    storage.write(new MetaBatch()
        .put(key(1, 0xFF), Bytes.utf8("high"))
        .put(key(1, 0x01), Bytes.utf8("low"))
        .put(key(1), Bytes.utf8("bare"))
        .put(key(2, 0), Bytes.utf8("other"))
        .put(key(0, 9), Bytes.utf8("before"))).join();
    assertThat(storage.scan(key(1), Bytes.EMPTY, 10)).extracting(MetaEntry::value)
        .containsExactly(Bytes.utf8("bare"), Bytes.utf8("low"), Bytes.utf8("high"));
    assertThat(storage.scan(key(1), key(1, 0x01), 10)).extracting(MetaEntry::value)
        .containsExactly(Bytes.utf8("high"));
    assertThat(storage.scan(key(1), key(0, 200), 2)).extracting(MetaEntry::value)
        .containsExactly(Bytes.utf8("bare"), Bytes.utf8("low"));
    assertThat(storage.scan(Bytes.EMPTY, key(1, 0xFF), 10)).extracting(MetaEntry::value)
        .containsExactly(Bytes.utf8("other"));
    storage.write(new MetaBatch().delete(key(1)).put(key(1, 0x01), Bytes.utf8("new"))).join();
    assertThat(storage.get(key(1))).isEmpty();
    assertThat(storage.get(key(1, 0x01))).contains(Bytes.utf8("new"));
  }
}

package dev.s2reactive.reliability;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.SequencedRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What writers sent to one stream and what was acknowledged where, checked against the stream read
 * after the run: every acknowledged record at its seq_num, seq_nums contiguous from 0, no body
 * twice, nothing that was never sent. Thread-safe: writers record from any thread.
 */
final class StreamLedger {

  private final String stream;
  private final Set<Bytes> sent = ConcurrentHashMap.newKeySet();
  private final Map<Bytes, Long> acked = new ConcurrentHashMap<>();
  private final AtomicLong ackedCount = new AtomicLong();
  private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<String> stuck = java.util.Collections.synchronizedList(new ArrayList<>());

  StreamLedger(String stream) {
    this.stream = stream;
  }

  String stream() {
    return stream;
  }

  /** Notes a record handed to a writer; from now on it may appear (once). */
  void sent(Bytes body) {
    if (!sent.add(body)) {
      throw new IllegalStateException("body sent twice by the harness: " + body.utf8());
    }
  }

  /** Notes an acknowledgement of {@code body} at {@code seqNum}. */
  void acked(Bytes body, long seqNum) {
    Long earlier = acked.putIfAbsent(body, seqNum);
    if (earlier != null) {
      violation("'" + body.utf8() + "' acknowledged twice, at " + earlier + " and " + seqNum);
    }
    ackedCount.incrementAndGet();
  }

  void violation(String message) {
    violations.add(stream + ": " + message);
  }

  /** A liveness problem (something hung), kept apart from safety violations. */
  void stuck(String message) {
    stuck.add(stream + ": " + message);
  }

  List<String> stuck() {
    synchronized (stuck) {
      return List.copyOf(stuck);
    }
  }

  long ackedCount() {
    return ackedCount.get();
  }

  long sentCount() {
    return sent.size();
  }

  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  /**
   * Checks the final stream and returns the number of sent but unacknowledged records found in it
   * (indeterminate appends that were applied).
   */
  long check(List<SequencedRecord> finalStream) {
    Map<Bytes, Long> positions = new HashMap<>();
    long unackedPresent = 0;
    for (int p = 0; p < finalStream.size(); p++) {
      SequencedRecord record = finalStream.get(p);
      if (record.seqNum() != p) {
        violation("seq_num " + record.seqNum() + " at position " + p + " (gap)");
      }
      Long earlier = positions.putIfAbsent(record.body(), record.seqNum());
      if (earlier != null) {
        violation("duplicate '" + record.body().utf8() + "' at " + earlier + " and "
            + record.seqNum());
      }
      if (!sent.contains(record.body())) {
        violation("phantom '" + record.body().utf8() + "' at " + record.seqNum());
      } else if (!acked.containsKey(record.body())) {
        unackedPresent++;
      }
    }
    int lost = 0;
    for (Map.Entry<Bytes, Long> ack : acked.entrySet()) {
      Long at = positions.get(ack.getKey());
      if (at == null || at.longValue() != ack.getValue()) {
        if (lost++ < 20) {
          violation("acknowledged '" + ack.getKey().utf8() + "' at " + ack.getValue()
              + " but the stream has it " + (at == null ? "nowhere" : "at " + at));
        }
      }
    }
    if (lost > 0) {
      violation(lost + " acknowledged records lost or moved");
    }
    return unackedPresent;
  }
}

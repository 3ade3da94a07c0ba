package dev.s2reactive.reactor.faults;

import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** Record bodies that name themselves and can be checked byte for byte, and client set-ups. */
final class FaultRecords {

  private FaultRecords() {}

  /**
   * Rounds of each seeded fault test: 1 by default, 10 with the {@code reliability} Maven profile,
   * or {@code -Ds2.faults.rounds=N}.
   */
  static int rounds() {
    return Integer.getInteger("s2.faults.rounds", 1);
  }

  /** Seed of round {@code round}: fixed, or shifted with {@code -Ds2.faults.seed=S}. */
  static long seed(int round, TransportPreference transport) {
    return Long.getLong("s2.faults.seed", 20261127L) + 1009L * round + transport.ordinal();
  }

  /** A body "{id}|" followed by a size derived from the id and bytes derived from both. */
  static byte[] body(String id) {
    byte[] head = (id + "|").getBytes(StandardCharsets.UTF_8);
    int pad = 50 + Math.floorMod(id.hashCode(), 600);
    byte[] b = Arrays.copyOf(head, head.length + pad);
    for (int i = head.length; i < b.length; i++) {
      b[i] = (byte) (id.hashCode() * 31 + i);
    }
    return b;
  }

  static AppendRecord record(String id) {
    return AppendRecord.of(body(id));
  }

  /** The id a body names; fails when the body is not exactly {@link #body(String)} of it. */
  static String idOf(SequencedRecord record) {
    byte[] b = record.body().toByteArray();
    int bar = 0;
    while (bar < b.length && b[bar] != '|') {
      bar++;
    }
    String id = new String(b, 0, bar, StandardCharsets.UTF_8);
    if (!Arrays.equals(b, body(id))) {
      throw new AssertionError("record " + record.seqNum() + " has a corrupt body for " + id);
    }
    return id;
  }

  /** A client whose reads and sinks retry often and quickly: faults come thick and fast here. */
  static S2Client client(String endpoint, TransportPreference transport) {
    return S2Client.create(
        S2ClientOptions.builder()
            .endpoints(endpoint, endpoint)
            .transport(transport)
            .requestTimeout(Duration.ofSeconds(3))
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(30)
                    .minBackoff(Duration.ofMillis(5))
                    .maxBackoff(Duration.ofMillis(100))
                    .build())
            .build());
  }
}

package dev.s2reactive.reactor.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.server.internal.engine.EngineOptions;
import dev.s2reactive.testkit.ChaosProxy;
import dev.s2reactive.testkit.S2ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/**
 * A read session that goes silent (no records, no heartbeats) for longer than the heartbeat
 * timeout is reopened at the next seq_num, and the reader still sees every record exactly once, in
 * order. Silence comes from the server (a hook that stretches its heartbeat interval) or from the
 * network (a {@link ChaosProxy} stall).
 */
class HeartbeatSilenceTest {

  private static final AtomicBoolean SILENT = new AtomicBoolean();

  // heartbeats every 100 ms, or none for two minutes while SILENT is set
  @RegisterExtension
  static final S2ServerExtension S2 =
      S2ServerExtension.configured(
          b ->
              b.auth(false)
                  .engineOptions(
                      EngineOptions.defaults()
                          .withHeartbeatIntervalMillis(() -> SILENT.get() ? 120_000 : 100)));

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(400);

  private static FaultBasin basin;

  @BeforeAll
  static void connect() {
    basin = new FaultBasin(S2.server(), "heartbeat-silence");
  }

  @AfterAll
  static void close() {
    basin.close();
  }

  @AfterEach
  void speakAgain() {
    SILENT.set(false);
  }

  private static ReactorS2Stream newStream() {
    ReactorS2Stream stream = basin.newStream();
    append(stream, 0, 10);
    return stream;
  }

  private static void append(ReactorS2Stream stream, int from, int to) {
    stream
        .append(
            AppendInput.of(
                IntStream.range(from, to).mapToObj(i -> FaultRecords.record("r" + i)).toList()))
        .block(TIMEOUT);
  }

  private static List<String> ids(ReadBatch batch) {
    return batch.records().stream().map(FaultRecords::idOf).toList();
  }

  private static List<String> ids(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "r" + i).toList();
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void serverSilenceReopensTheSessionAtTheNextRecord(TransportPreference transport) {
    ReactorS2Stream stream = newStream();
    try (S2Client client =
        FaultRecords.client(S2.server().endpoint().toString(), transport)) {
      ReactorS2Stream reader = basin.via(client, stream);
      SILENT.set(true);
      StepVerifier.create(
              reader.readBatches(
                  ReadSpec.from(StartAt.seqNum(0)).withHeartbeatTimeout(HEARTBEAT_TIMEOUT)))
          .assertNext(batch -> assertThat(ids(batch)).isEqualTo(ids(0, 10)))
          // the first session's heartbeat on going live, then silence for two minutes
          .assertNext(batch -> assertThat(batch.records()).isEmpty())
          // only a new session sends another heartbeat: it announces itself on going live, and
          // resumed after r9, so it repeats nothing
          .assertNext(batch -> assertThat(batch.records()).isEmpty())
          .then(
              () -> {
                SILENT.set(false);
                append(stream, 10, 15);
              })
          .thenConsumeWhile(batch -> batch.records().isEmpty())
          .assertNext(batch -> assertThat(ids(batch)).isEqualTo(ids(10, 15)))
          .thenCancel()
          .verify(TIMEOUT);
    }
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void networkStallReopensTheSessionAndDeliversExactlyOnce(TransportPreference transport) {
    ReactorS2Stream stream = newStream();
    try (ChaosProxy proxy = ChaosProxy.start(S2.server().port());
        S2Client client = FaultRecords.client(proxy.endpoint(), transport)) {
      ReactorS2Stream reader = basin.via(client, stream);
      StepVerifier.create(
              reader
                  .read(ReadSpec.from(StartAt.seqNum(0)).withHeartbeatTimeout(HEARTBEAT_TIMEOUT))
                  .map(SequencedRecord::seqNum))
          .expectNextSequence(IntStream.range(0, 10).mapToObj(i -> (long) i).toList())
          .then(
              () -> {
                proxy.stallAll(Duration.ofMillis(2_000));
                append(stream, 10, 15);
              })
          .expectNextSequence(IntStream.range(10, 15).mapToObj(i -> (long) i).toList())
          .thenCancel()
          .verify(TIMEOUT);
      System.out.printf("[faults] heartbeat stall %s: %s%n", transport, proxy.counters());
      assertThat(proxy.counters().stalls()).isPositive();
      // an HTTP/1.1 read owns its connection; a silent HTTP/2 connection is closed by the client:
      // either way the reopened session runs on a new connection
      assertThat(proxy.accepted()).isGreaterThanOrEqualTo(2);
    }
  }
}

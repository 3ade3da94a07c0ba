package dev.s2reactive.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AppendRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class OpenLoopWriterTest {

  @Test
  void pacedRecordsAreDueOnScheduleAndStopAtTheDuration() {
    // 1 KiB records at 100 KiB/s: one due every 10 ms; 55 ms -> records 0..5.
    long origin = System.nanoTime();
    OpenLoopWriter writer =
        new OpenLoopWriter(new Workload(1024, 1), 100 * 1024, origin, 55_000_000L, 64);
    List<AppendRecord> records = Flux.from(writer).collectList().block(Duration.ofSeconds(10));
    assertThat(records).hasSize(6);
    for (int i = 0; i < records.size(); i++) {
      assertThat(records.get(i).timestamp()).hasValue(i * 10_000L);
      assertThat(writer.intendedNanos(i) - origin).isEqualTo(i * 10_000_000L);
    }
  }

  @Test
  void emitsOnlyWithinDemandAndTheAckWindow() {
    long origin = System.nanoTime();
    OpenLoopWriter writer =
        new OpenLoopWriter(new Workload(128, 1), 0, origin, Duration.ofSeconds(30).toNanos(), 4);
    StepVerifier.create(writer, 2)
        .expectNextCount(2)
        .then(() -> assertThat(writer.emitted()).isEqualTo(2))
        .thenRequest(10)
        .expectNextCount(2) // the window of 4 is full until acknowledgements arrive
        .expectNoEvent(Duration.ofMillis(100))
        .then(() -> writer.acknowledged(3))
        .expectNextCount(3)
        .thenCancel()
        .verify(Duration.ofSeconds(10));
    assertThat(writer.emitted()).isEqualTo(7);
  }
}

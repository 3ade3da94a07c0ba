package dev.s2reactive.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.server.internal.storage.LogStore;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** An engine over in-memory storage with a settable clock and heartbeat interval. */
final class EngineHarness implements AutoCloseable {

  static final long START_MILLIS = 1_700_000_000_000L;

  final InMemoryStorage storage = new InMemoryStorage();
  final AtomicLong now = new AtomicLong(START_MILLIS);
  final AtomicLong heartbeatMillis = new AtomicLong(60_000);
  final StreamEngine engine;

  EngineHarness() {
    this(EngineOptions.defaults(), null);
  }

  EngineHarness(EngineOptions base, LogStore store) {
    EngineOptions options = base
        .withClock(now::get)
        .withHeartbeatIntervalMillis(heartbeatMillis::get)
        .withRetentionInterval(Duration.ZERO);
    engine = new StreamEngine(store == null ? storage : store, options);
  }

  ActiveStream stream(long id) {
    return engine.open(id, StreamSettings.DEFAULTS);
  }

  ActiveStream stream(long id, StreamSettings settings) {
    return engine.open(id, settings);
  }

  static AppendAck append(ActiveStream stream, AppendInput input) {
    try {
      return stream.append(input).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Appends {@code n} records "r{i}" from {@code first}, one batch. */
  static AppendAck appendBodies(ActiveStream stream, int first, int n) {
    List<AppendRecord> records = new ArrayList<>();
    for (int i = first; i < first + n; i++) {
      records.add(AppendRecord.of("r" + i));
    }
    return append(stream, AppendInput.of(records));
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @Override
  public void close() {
    engine.close();
    storage.close();
  }

}

package dev.s2reactive.core.internal.metrics;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.transport.HeartbeatTimeoutException;
import dev.s2reactive.core.model.ReadBatch;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * What the client reports about itself. Every method has a no-op default and {@link #NOOP} records
 * nothing, so the client needs no metrics library; {@link #micrometer(Object)} loads the Micrometer
 * implementation only when asked. Implementations are thread-safe and never block: they are
 * called on event loops.
 */
public interface ClientMetrics {

  /** Records nothing. */
  ClientMetrics NOOP = new ClientMetrics() {};

  /**
   * Meters in a Micrometer {@code MeterRegistry}. Only this call loads Micrometer classes.
   *
   * @throws IllegalArgumentException if {@code registry} is not an {@code
   *     io.micrometer.core.instrument.MeterRegistry}
   * @throws IllegalStateException if Micrometer is not on the class path
   */
  static ClientMetrics micrometer(Object registry) {
    try {
      return MicrometerClientMetrics.create(registry);
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException(
          "client meters need io.micrometer:micrometer-core on the class path", e);
    }
  }

  /** An append batch was handed to the transport ({@code meteredBytes} now in flight). */
  default void appendSent(long meteredBytes) {}

  /**
   * An append batch sent with {@link #appendSent} settled.
   *
   * @param nanos from sending to the ack or failure
   * @param acked true for an ack (its latency is recorded), false for a failure
   */
  default void appendSettled(long meteredBytes, long nanos, boolean acked) {}

  /**
   * A failed operation is about to be tried again.
   *
   * @param operation {@code append}, {@code read} or {@code unary}
   */
  default void retry(String operation, Throwable cause) {}

  /** A read session failed and is being reopened at the cursor ({@code cause} is why). */
  default void readReconnect(Throwable cause) {}

  /** A read delivered a batch (heartbeats included); live records give end-to-end latency. */
  default void readBatch(ReadBatch batch) {}

  /** A bounded label for why something failed: an S2 error code or a transport condition. */
  static String cause(Throwable error) {
    if (error instanceof HeartbeatTimeoutException) {
      return "heartbeat_timeout";
    }
    if (error instanceof S2Exception s2) {
      if (s2.status() == 0) {
        return "connection";
      }
      return s2.errorCode().map(ErrorCode::wireName).orElse("status_" + (s2.status() / 100) + "xx");
    }
    if (error instanceof TimeoutException) {
      return "timeout";
    }
    if (error instanceof IOException) {
      return "connection";
    }
    return "other";
  }
}

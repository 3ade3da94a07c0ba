package dev.s2reactive.core.internal.client;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.error.RangeNotSatisfiableException;
import dev.s2reactive.core.internal.transport.HttpTransport;
import dev.s2reactive.core.model.ReadBatch;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One logical read over as many sessions as it takes: opens a session, tracks every batch in a
 * {@link ReadCursor}, and after a retryable failure (including heartbeat silence) opens the next
 * session at the cursor, so downstream sees each record exactly once and in order.
 *
 * <p>The cursor is updated on the session's thread immediately before the batch goes downstream,
 * with no queue in between; a failure can therefore never lose or repeat a batch. The retry budget
 * starts afresh whenever a session delivered records.
 */
public final class ReadLoop {

  private ReadLoop() {}

  /**
   * A cold publisher of batches (heartbeats included, as batches without records).
   *
   * @param opener opens one session for the given query parameters
   * @param onCursor told about each subscription's cursor, and again after every batch
   */
  public static Flux<ReadBatch> batches(
      Function<Map<String, String>, Flux<ReadBatch>> opener,
      ReadSpec spec,
      RetryPolicy policy,
      Consumer<ReadCursor> onCursor) {
    return Flux.defer(
        () -> {
          ReadCursor cursor = new ReadCursor(spec, System.nanoTime());
          onCursor.accept(cursor);
          return session(opener, cursor, policy, onCursor, true, 1);
        });
  }

  private static Flux<ReadBatch> session(
      Function<Map<String, String>, Flux<ReadBatch>> opener,
      ReadCursor cursor,
      RetryPolicy policy,
      Consumer<ReadCursor> onCursor,
      boolean first,
      int attempt) {
    Map<String, String> query =
        first ? cursor.initialQuery() : cursor.resumeQuery(System.nanoTime());
    long deliveredBefore = cursor.deliveredCount();
    return opener
        .apply(query)
        .doOnNext(
            batch -> {
              cursor.onBatch(batch, System.nanoTime());
              onCursor.accept(cursor);
            })
        .onErrorResume(
            error -> {
              if (!first && error instanceof RangeNotSatisfiableException) {
                // a resumed read that starts exactly at the tail and may not wait has ended
                return Mono.empty();
              }
              int next = cursor.deliveredCount() > deliveredBefore ? 1 : attempt;
              if (cursor.isExhausted()) {
                return Mono.empty();
              }
              if (!policy.isRetryable(error) || !policy.canRetry(next)) {
                return Mono.error(HttpTransport.toPublic(error, policy));
              }
              return Mono.delay(policy.backoff(next, OptionalLong.empty()))
                  .thenMany(
                      Flux.defer(() -> session(opener, cursor, policy, onCursor, false, next + 1)));
            });
  }
}

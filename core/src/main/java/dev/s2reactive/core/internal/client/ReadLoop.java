package dev.s2reactive.core.internal.client;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.error.RangeNotSatisfiableException;
import dev.s2reactive.core.internal.metrics.ClientMetrics;
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
 *
 * <p>Cancellation and termination drop the reference to the subscriber (rule 3.13), even while a
 * pooled connection or a timer still refers to the finished session.
 */
public final class ReadLoop {

  private ReadLoop() {}

  /**
   * A cold publisher of batches (heartbeats included, as batches without records).
   *
   * @param opener opens one session for the given query parameters
   * @param refreshOnAuthn after a {@code 401 authn}, reopen once (the opener fetches a new token)
   * @param onCursor told about each subscription's cursor, and again after every batch
   * @param metrics told about every session reopened after a failure
   */
  public static Flux<ReadBatch> batches(
      Function<Map<String, String>, Flux<ReadBatch>> opener,
      ReadSpec spec,
      RetryPolicy policy,
      boolean refreshOnAuthn,
      Consumer<ReadCursor> onCursor,
      ClientMetrics metrics) {
    return Flux.defer(
        () -> {
          ReadCursor cursor = new ReadCursor(spec, System.nanoTime());
          onCursor.accept(cursor);
          return new Sessions(opener, cursor, policy, refreshOnAuthn, onCursor, metrics)
              .open(true, 1);
        })
        // whatever still holds a finished session (a pooled connection, a timer) must not keep
        // the subscriber reachable: Reactive Streams rule 3.13
        .onTerminateDetach();
  }

  private static boolean isAuthn(Throwable error) {
    return error instanceof dev.s2reactive.core.error.S2Exception s
        && s.status() == 401
        && "authn".equals(s.code());
  }

  /** The sessions of one subscription: the first, and each reopened after a failure. */
  private record Sessions(
      Function<Map<String, String>, Flux<ReadBatch>> opener,
      ReadCursor cursor,
      RetryPolicy policy,
      boolean refreshOnAuthn,
      Consumer<ReadCursor> onCursor,
      ClientMetrics metrics) {

    Flux<ReadBatch> open(boolean first, int attempt) {
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
                if (cursor.isExhausted()) {
                  return Mono.empty();
                }
                if (refreshOnAuthn
                    && isAuthn(error)
                    && cursor.deliveredCount() == deliveredBefore
                    && attempt > 0) {
                  // reopen once with a fresh token, as unary calls do; attempt 0 marks "refreshed"
                  return reopen(error, first, 0);
                }
                // attempts made so far; progress in this session starts the count afresh
                int made = cursor.deliveredCount() > deliveredBefore ? 1 : Math.max(1, attempt);
                if (!policy.isRetryable(error) || !policy.canRetry(made)) {
                  return Mono.error(HttpTransport.toPublic(error, policy));
                }
                return Mono.delay(policy.backoff(made, OptionalLong.empty()))
                    .thenMany(reopen(error, false, made + 1));
              });
    }

    private Flux<ReadBatch> reopen(Throwable cause, boolean first, int attempt) {
      return Flux.defer(
          () -> {
            metrics.readReconnect(cause);
            return open(first, attempt);
          });
    }
  }
}

package dev.s2reactive.core.internal.client;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.AppendSink;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.internal.metrics.ClientMetrics;
import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.transport.HttpTransport;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@link AppendSink} over pipelined unary appends: batches leave in order, several may be in
 * flight, acknowledgements are released in order. All state is confined to a {@link
 * SerialExecutor}, so signals from the producer, the network and the linger timer never race.
 */
public final class PipelinedAppendSink implements AppendSink {

  private enum Status {
    UNSENT,
    PENDING,
    ACKED,
    FAILED
  }

  private static final class InFlight {
    final Batcher.Batch batch;
    Status status = Status.UNSENT;
    OptionalLong matchSeqNum = OptionalLong.empty();
    AppendAck ack;
    Throwable error;

    InFlight(Batcher.Batch batch) {
      this.batch = batch;
    }

    int size() {
      return batch.records().size();
    }
  }

  private record Flush(long target, MonoSink<Void> sink) {}

  private record Delivery(AppendAck ack, long bytes) {}

  private final AppendOptions options;
  private final RetryPolicy policy;
  private final Function<AppendInput, Mono<AppendAck>> send;
  private final Scheduler timer;
  private final Runnable onFinish;
  private final int maxInFlightBatches;
  private final SerialExecutor serial = new SerialExecutor(this::onInternalFailure);
  private final Batcher batcher;
  private final InFlightBudget budget;

  // state below: serial executor only
  private Subscription upstream;
  private boolean subscribed;
  private final ArrayDeque<InFlight> unsent = new ArrayDeque<>();
  private final ArrayDeque<InFlight> inflight = new ArrayDeque<>();
  private boolean upstreamDone;
  private Throwable upstreamError;
  private Throwable failure;
  private boolean finished;
  private boolean recovering;
  private int retriesOfHead;
  private long receivedRecords;
  private long ackedRecords;
  private boolean matchKnown;
  private long nextMatch;
  private boolean hasLastAck;
  private long lastAckEnd;
  private Disposable lingerTask;
  private final List<Flush> flushes = new ArrayList<>();
  private Subscriber<? super AppendAck> acksSubscriber;
  private long acksRequested;
  private final ArrayDeque<Delivery> acksQueue = new ArrayDeque<>();
  private boolean acksTerminated;
  private volatile long maxInFlightBytesSeen;
  private long inFlightBytes;
  private volatile ClientMetrics metrics = ClientMetrics.NOOP;
  private volatile Runnable beforeResend = () -> {};

  public PipelinedAppendSink(
      AppendOptions options, RetryPolicy policy, Function<AppendInput, Mono<AppendAck>> send) {
    this(options, policy, send, Integer.MAX_VALUE, () -> {}, Schedulers.parallel());
  }

  /**
   * Runs {@code restart} before failed batches are resent, once every batch in flight has settled
   * (an append session opens a new session then); call before subscribing. Returns this sink.
   */
  public PipelinedAppendSink beforeResend(Runnable restart) {
    this.beforeResend = restart;
    return this;
  }

  /** Reports retries to {@code metrics}; call before subscribing. Returns this sink. */
  public PipelinedAppendSink metrics(ClientMetrics metrics) {
    this.metrics = metrics;
    return this;
  }

  /**
   * @param send sends one batch once and completes with its ack; batches are passed in order
   * @param maxInFlightBatches batches sent and not yet settled; 1 when the transport cannot keep
   *     the order of concurrent requests (independent unary requests)
   * @param onFinish runs once when the sink has completed or failed (closes a session)
   */
  public PipelinedAppendSink(
      AppendOptions options,
      RetryPolicy policy,
      Function<AppendInput, Mono<AppendAck>> send,
      int maxInFlightBatches,
      Runnable onFinish,
      Scheduler timer) {
    this.maxInFlightBatches = maxInFlightBatches;
    this.options = options;
    this.policy = policy;
    this.send = send;
    this.onFinish = onFinish;
    this.timer = timer;
    this.batcher = Batcher.from(options);
    this.budget =
        new InFlightBudget(
            options.maxInFlightBytes(),
            Math.max(256, options.maxBatchRecords()),
            options.maxInFlightBytes()); // one record first, then the observed average
    if (options.initialMatchSeqNum().isPresent()) {
      matchKnown = true;
      nextMatch = options.initialMatchSeqNum().getAsLong();
    }
  }

  // ---- upstream ----

  @Override
  public void onSubscribe(Subscription s) {
    java.util.Objects.requireNonNull(s, "subscription"); // rule 2.13
    serial.execute(
        () -> {
          if (subscribed || finished) {
            s.cancel();
            return;
          }
          subscribed = true;
          upstream = s;
          requestMore();
        });
  }

  @Override
  public void onNext(AppendRecord record) {
    java.util.Objects.requireNonNull(record, "record"); // rule 2.13
    serial.execute(
        () -> {
          if (finished || upstreamDone) {
            return;
          }
          long size;
          try {
            size = Batcher.checkRecordSize(record);
          } catch (IllegalArgumentException e) {
            fail(e);
            return;
          }
          budget.onReceived(size);
          receivedRecords++;
          for (Batcher.Batch b : batcher.add(record, System.nanoTime())) {
            unsent.add(new InFlight(b));
          }
          if (options.linger().isZero()) {
            batcher.drain().ifPresent(b -> unsent.add(new InFlight(b)));
          }
          armLinger();
          pump();
          requestMore();
        });
  }

  @Override
  public void onError(Throwable t) {
    java.util.Objects.requireNonNull(t, "error"); // rule 2.13
    serial.execute(
        () -> {
          if (finished || upstreamDone) {
            return;
          }
          upstreamDone = true;
          upstreamError = t;
          sealOpenBatch();
          pump();
          maybeFinish();
        });
  }

  @Override
  public void onComplete() {
    serial.execute(
        () -> {
          if (finished || upstreamDone) {
            return;
          }
          upstreamDone = true;
          sealOpenBatch();
          pump();
          maybeFinish();
        });
  }

  // ---- public controls ----

  @Override
  public Publisher<AppendAck> acks() {
    return this::subscribeAcks;
  }

  @Override
  public Publisher<Void> flush() {
    return Mono.create(
        sink ->
            serial.execute(
                () -> {
                  if (failure != null) {
                    sink.error(failure);
                    return;
                  }
                  long target = receivedRecords;
                  sealOpenBatch();
                  pump();
                  if (ackedRecords >= target) {
                    sink.success();
                  } else {
                    flushes.add(new Flush(target, sink));
                  }
                }));
  }

  @Override
  public void cancel() {
    serial.execute(
        () -> fail(new java.util.concurrent.CancellationException("append sink cancelled")));
  }

  /** The most metered bytes that were sent and not yet acknowledged at once (for tests). */
  public long maxInFlightBytesSeen() {
    return maxInFlightBytesSeen;
  }

  // ---- sending ----

  private void requestMore() {
    if (upstream == null || finished || upstreamDone || failure != null) {
      return;
    }
    long n = budget.claimDemand();
    if (n > 0) {
      upstream.request(n);
    }
  }

  private void sealOpenBatch() {
    batcher.drain().ifPresent(b -> unsent.add(new InFlight(b)));
    if (lingerTask != null) {
      lingerTask.dispose();
      lingerTask = null;
    }
  }

  private void armLinger() {
    if (lingerTask != null || batcher.isEmpty()) {
      return;
    }
    long delay = Math.max(0, batcher.lingerDeadline().getAsLong() - System.nanoTime());
    lingerTask =
        timer.schedule(
            () ->
                serial.execute(
                    () -> {
                      lingerTask = null;
                      if (finished) {
                        return;
                      }
                      batcher
                          .pollExpired(System.nanoTime())
                          .ifPresent(b -> unsent.add(new InFlight(b)));
                      armLinger();
                      pump();
                    }),
            delay,
            TimeUnit.NANOSECONDS);
  }

  private void pump() {
    while (!recovering
        && failure == null
        && !unsent.isEmpty()
        && inflight.size() < maxInFlightBatches) {
      if (options.matchSeqNumChaining() && !matchKnown && !inflight.isEmpty()) {
        return; // the first batch's ack tells where the chain starts
      }
      InFlight f = unsent.poll();
      if (options.matchSeqNumChaining() && matchKnown) {
        f.matchSeqNum = OptionalLong.of(nextMatch);
        nextMatch += f.size();
      }
      f.status = Status.PENDING;
      inflight.add(f);
      inFlightBytes += f.batch.meteredBytes();
      maxInFlightBytesSeen = Math.max(maxInFlightBytesSeen, inFlightBytes);
      AppendInput input = new AppendInput(f.batch.records(), f.matchSeqNum, options.fencingToken());
      send.apply(input)
          .subscribe(
              ack -> serial.execute(() -> onAck(f, ack)),
              error -> serial.execute(() -> onFailed(f, error)));
    }
  }

  private void onAck(InFlight f, AppendAck ack) {
    if (f.status != Status.PENDING) {
      return;
    }
    f.status = Status.ACKED;
    f.ack = ack;
    inFlightBytes -= f.batch.meteredBytes();
    releaseAckedHeads();
    if (recovering) {
      recover();
    }
    afterProgress();
  }

  private void onFailed(InFlight f, Throwable error) {
    if (f.status != Status.PENDING) {
      return;
    }
    f.status = Status.FAILED;
    f.error = error;
    inFlightBytes -= f.batch.meteredBytes();
    recovering = true;
    releaseAckedHeads();
    recover();
    afterProgress();
  }

  private void releaseAckedHeads() {
    while (failure == null && !inflight.isEmpty() && inflight.peek().status == Status.ACKED) {
      InFlight f = inflight.poll();
      AppendAck ack = f.ack;
      long count = ack.end().seqNum() - ack.start().seqNum();
      if (count != f.size()) {
        fail(invariant("acknowledged " + count + " records for a batch of " + f.size()));
        return;
      }
      if (hasLastAck && Long.compareUnsigned(ack.end().seqNum(), lastAckEnd) <= 0) {
        fail(
            invariant(
                "acknowledgement end "
                    + Long.toUnsignedString(ack.end().seqNum())
                    + " does not exceed the previous end "
                    + Long.toUnsignedString(lastAckEnd)));
        return;
      }
      hasLastAck = true;
      lastAckEnd = ack.end().seqNum();
      if (options.matchSeqNumChaining() && !matchKnown) {
        matchKnown = true;
        nextMatch = ack.end().seqNum();
      }
      retriesOfHead = 0;
      ackedRecords += f.size();
      acksQueue.add(new Delivery(ack, f.batch.meteredBytes()));
    }
    deliverAcks();
  }

  private void recover() {
    if (failure != null) {
      return;
    }
    for (InFlight f : inflight) {
      if (f.status == Status.PENDING) {
        return; // decide once every batch in flight has settled
      }
    }
    if (inflight.isEmpty()) {
      recovering = false;
      return;
    }
    InFlight head = inflight.peek();
    Throwable first = head.error;
    boolean resendable =
        policy.isRetryable(first) && options.appendRetryPolicy().permitsRetryAfter(first);
    for (InFlight f : inflight) {
      if (f == head) {
        continue;
      }
      boolean followsFailure =
          f.status == Status.FAILED
              && (isRetryableHere(f.error) || isSeqNumMismatchAfterFailure(f.error));
      if (!followsFailure) {
        resendable = false; // a later batch landed: resending would reorder
      }
    }
    if (!resendable || !policy.canRetry(retriesOfHead + 1)) {
      fail(first);
      return;
    }
    retriesOfHead++;
    metrics.retry("append", first);
    beforeResend.run();
    // rewind: the failed batches go back to the front of the queue, in order
    List<InFlight> again = new ArrayList<>(inflight);
    inflight.clear();
    if (options.matchSeqNumChaining() && head.matchSeqNum.isPresent()) {
      nextMatch = head.matchSeqNum.getAsLong();
    }
    for (int i = again.size() - 1; i >= 0; i--) {
      InFlight f = again.get(i);
      f.status = Status.UNSENT;
      f.error = null;
      f.matchSeqNum = OptionalLong.empty();
      unsent.addFirst(f);
    }
    Duration delay = policy.backoff(retriesOfHead, OptionalLong.empty());
    timer.schedule(
        () ->
            serial.execute(
                () -> {
                  recovering = false;
                  pump();
                  maybeFinish();
                }),
        delay.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  private boolean isRetryableHere(Throwable error) {
    return policy.isRetryable(error) && options.appendRetryPolicy().permitsRetryAfter(error);
  }

  private boolean isSeqNumMismatchAfterFailure(Throwable error) {
    return options.matchSeqNumChaining()
        && error instanceof AppendConditionFailedException c
        && c.nextSeqNum().isPresent();
  }

  private void afterProgress() {
    pump();
    completeFlushes();
    requestMore();
    maybeFinish();
  }

  private void completeFlushes() {
    flushes.removeIf(
        f -> {
          if (ackedRecords >= f.target()) {
            f.sink().success();
            return true;
          }
          return false;
        });
  }

  private void maybeFinish() {
    if (finished
        || failure != null
        || !upstreamDone
        || recovering
        || !batcher.isEmpty()
        || !unsent.isEmpty()
        || !inflight.isEmpty()) {
      return;
    }
    finished = true;
    onFinish.run();
    completeFlushes();
    deliverAcks();
  }

  private void fail(Throwable error) {
    if (failure != null) {
      return;
    }
    Throwable surfaced =
        error instanceof S2Exception
                || error instanceof IllegalArgumentException
                || error instanceof java.util.concurrent.CancellationException
            ? error
            : HttpTransport.toPublic(error, policy);
    failure = surfaced;
    finished = true;
    onFinish.run();
    if (lingerTask != null) {
      lingerTask.dispose();
      lingerTask = null;
    }
    if (upstream != null && !upstreamDone) {
      upstream.cancel();
    }
    for (Flush f : flushes) {
      f.sink().error(surfaced);
    }
    flushes.clear();
    deliverAcks();
  }

  private static S2Exception invariant(String message) {
    return new dev.s2reactive.core.error.S2NonTransientException(
        0, "invalid_ack", "append acknowledgement invariant violated: " + message, null);
  }

  private void onInternalFailure(Throwable error) {
    // a bug or a throwing subscriber: stop rather than continue in an unknown state
    if (failure == null) {
      fail(error);
    }
  }

  // ---- acknowledgements ----

  private void subscribeAcks(Subscriber<? super AppendAck> subscriber) {
    serial.execute(
        () -> {
          if (acksSubscriber != null || acksTerminated) {
            reactor.core.publisher.Operators.error(
                subscriber, new IllegalStateException("acks() allows a single subscriber"));
            return;
          }
          acksSubscriber = subscriber;
          subscriber.onSubscribe(
              new Subscription() {
                @Override
                public void request(long n) {
                  serial.execute(
                      () -> {
                        if (n <= 0) {
                          return;
                        }
                        acksRequested = acksRequested + n < 0 ? Long.MAX_VALUE : acksRequested + n;
                        deliverAcks();
                      });
                }

                @Override
                public void cancel() {
                  serial.execute(
                      () -> {
                        if (acksSubscriber == subscriber) {
                          acksSubscriber = null;
                          acksTerminated = true;
                          deliverAcks();
                        }
                      });
                }
              });
          deliverAcks();
        });
  }

  private void deliverAcks() {
    Subscriber<? super AppendAck> s = acksSubscriber;
    if (s == null) {
      // nobody listens: acknowledgements only free the budget
      while (!acksQueue.isEmpty()) {
        budget.release(acksQueue.poll().bytes());
      }
    } else {
      while (acksRequested > 0 && !acksQueue.isEmpty() && acksSubscriber == s) {
        Delivery d = acksQueue.poll();
        budget.release(d.bytes());
        if (acksRequested != Long.MAX_VALUE) {
          acksRequested--;
        }
        s.onNext(d.ack());
      }
    }
    requestMore();
    if (acksSubscriber != null && !acksTerminated && finished && acksQueue.isEmpty()) {
      acksTerminated = true;
      Subscriber<? super AppendAck> done = acksSubscriber;
      acksSubscriber = null; // a terminated subscriber must not stay reachable (rule 3.13)
      if (failure != null) {
        done.onError(failure);
      } else if (upstreamError != null) {
        done.onError(upstreamError);
      } else {
        done.onComplete();
      }
    } else if (acksSubscriber != null && !acksTerminated && failure != null) {
      acksTerminated = true;
      Subscriber<? super AppendAck> failed = acksSubscriber;
      acksSubscriber = null;
      failed.onError(failure);
    }
  }
}

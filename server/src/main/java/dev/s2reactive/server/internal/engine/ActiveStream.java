package dev.s2reactive.server.internal.engine;

import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.RangeNotSatisfiableException;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.server.internal.metrics.ServerMetrics;
import dev.s2reactive.server.internal.metrics.StreamMeter;
import dev.s2reactive.server.internal.storage.LogStore;
import dev.s2reactive.server.internal.storage.StreamState;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One open stream: its sequencer, which owns the tail, and its readers.
 *
 * <p>The sequencer is an actor on a {@link SerialExecutor}: appends are checked (fencing token,
 * then match_seq_num), given seq_nums and timestamps (protocol §6.3), applied as commands (§6.2) and
 * handed to {@link LogStore#append} without waiting for earlier writes, so batch N+1 is sequenced
 * while batch N syncs. Acks go out in order, each only once its write and every earlier one are
 * durable; then the batch is published to live followers. A failed write fails that append and
 * every later one in flight, and the tail is reloaded from storage once all outstanding writes
 * have settled, so an unacknowledged batch is never reported as acknowledged.
 *
 * <p>Backpressure: at most {@link EngineOptions#maxPendingAppendsPerStream()} appends may be queued
 * or in flight; beyond that {@link #append} fails at once with a retryable 429 {@code
 * rate_limited}. All methods are thread-safe and never block.
 */
public final class ActiveStream {

  static final int MAX_BATCH_RECORDS = 1000;
  static final long MAX_BATCH_BYTES = 1024 * 1024;
  static final long UNARY_MAX_WAIT_MILLIS = 60_000;

  private enum Phase {
    LOADING,
    READY,
    RECOVERING,
    DELETED
  }

  private final long streamId;
  private final LogStore store;
  private final EngineOptions options;
  private final ServerMetrics metrics;
  private final SerialExecutor actor;
  private final AtomicInteger admitted = new AtomicInteger();
  private volatile CompletableFuture<StreamState> loaded = new CompletableFuture<>();
  private final CompletableFuture<Void> deletion = new CompletableFuture<>();
  final FollowerRegistry followers;

  // Confined to the actor.
  private Phase phase = Phase.LOADING;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
  private int outstandingWrites;
  private StreamState sequenced;
  private long trimRequested;
  private long trimIssued;
  private boolean trimRunning;
  private final ArrayDeque<TrimWaiter> trimWaiters = new ArrayDeque<>();

  private volatile StreamState durable;
  private volatile StreamSettings settings;
  private volatile boolean deleted;
  private volatile StreamMeter meter = StreamMeter.NOOP;
  private volatile S2Exception draining;
  private final Sinks.One<S2Exception> drainStarted = Sinks.one();

  ActiveStream(
      long streamId,
      StreamSettings settings,
      LogStore store,
      EngineOptions options,
      ServerMetrics metrics) {
    this.streamId = streamId;
    this.settings = settings;
    this.store = store;
    this.options = options;
    this.metrics = metrics;
    this.followers = new FollowerRegistry(metrics);
    this.actor = new SerialExecutor();
    actor.execute(this::load);
  }

  public long streamId() {
    return streamId;
  }

  public StreamSettings settings() {
    return settings;
  }

  /** New settings apply to appends sequenced after this call. */
  public void reconfigure(StreamSettings newSettings) {
    this.settings = newSettings;
  }

  public boolean isDeleted() {
    return deleted;
  }

  /**
   * Appends a validated batch. The future completes with the ack once the batch is durable, or
   * fails with 412 ({@link AppendConditionFailedException}), 422 invalid, 409 stream deletion
   * pending, 429 rate_limited (too many pending appends) or 500 storage. Appends are sequenced in
   * the order of the calls.
   */
  public CompletableFuture<AppendAck> append(AppendInput input) {
    return append(input, null);
  }

  /**
   * Like {@link #append(AppendInput)}, as part of {@code chain}: fails without being sequenced
   * when an earlier append of the chain failed.
   */
  public CompletableFuture<AppendAck> append(AppendInput input, AppendChain chain) {
    if (deleted) {
      S2Exception error = deletionPending();
      metrics.appendFailed(error);
      return CompletableFuture.failedFuture(error);
    }
    if (admitted.incrementAndGet() > options.maxPendingAppendsPerStream()) {
      admitted.decrementAndGet();
      S2Exception rejected =
          S2Exception.of(ErrorCode.RATE_LIMITED, "too many appends pending on this stream");
      metrics.appendFailed(rejected);
      return CompletableFuture.failedFuture(rejected);
    }
    Pending pending = new Pending(input, chain);
    actor.execute(() -> enqueue(pending));
    return pending.result;
  }

  /** The durable tail (protocol check-tail). */
  public Mono<StreamPosition> checkTail() {
    return durableState().flatMap(state ->
        deleted ? Mono.error(deletionPending()) : Mono.just(state.tail()));
  }

  /**
   * Resolves the start of a read (protocol §7.1–§7.2): fails with {@link
   * RangeNotSatisfiableException} or 409 before any record is read. Timestamp look-ups run on the
   * storage scheduler.
   */
  public Mono<ResolvedRead> resolve(ReadRequest request, boolean unary) {
    return durableState().flatMap(state -> {
      if (deleted) {
        return Mono.error(deletionPending());
      }
      StreamPosition tail = state.tail();
      ReadStart start = request.start();
      boolean mayFollow = unary ? isPositive(request.waitTime()) : request.mayFollow();
      switch (start.kind()) {
        case TIMESTAMP -> {
          if (Long.compareUnsigned(start.value(), tail.timestamp()) > 0) {
            return request.clamp()
                ? Mono.just(new ResolvedRead(tail.seqNum(), tail))
                : Mono.error(new RangeNotSatisfiableException(tail));
          }
          return Mono.fromCallable(() -> {
                OptionalLong found = store.seqNumAtOrAfter(streamId, start.value());
                long seq = found.isPresent() ? found.getAsLong() : tail.seqNum();
                return new ResolvedRead(maxUnsigned(seq, trimPoint()), tail);
              })
              .subscribeOn(options.storageScheduler());
        }
        default -> {
          long seq;
          if (start.kind() == ReadStart.Kind.SEQ_NUM) {
            seq = start.value();
          } else {
            seq = Long.compareUnsigned(start.value(), tail.seqNum()) >= 0
                ? 0 : tail.seqNum() - start.value();
          }
          if (Long.compareUnsigned(seq, tail.seqNum()) > 0) {
            if (!request.clamp()) {
              return Mono.error(new RangeNotSatisfiableException(tail));
            }
            seq = tail.seqNum();
          }
          if (seq == tail.seqNum() && !mayFollow) {
            return Mono.error(new RangeNotSatisfiableException(tail));
          }
          return Mono.just(new ResolvedRead(maxUnsigned(seq, trimPoint()), tail));
        }
      }
    });
  }

  /**
   * A streaming read session (protocol §7.4): resolves the start, catches up from storage, then
   * follows live if the request says so. Cold: each subscription is a new session, with real
   * backpressure (storage is read only on demand, live batches are buffered boundedly).
   */
  public Flux<SharedBatch> readSession(ReadRequest request) {
    return resolve(request, false)
        .flatMapMany(resolved -> session(resolved.startSeqNum(), request, false, null));
  }

  /**
   * Like {@link #readSession(ReadRequest)}, delivering on {@code deliverer}, which must run tasks
   * one at a time in order (a connection's event loop): live batches that arrive while it is busy
   * are delivered together as one batch, so a reader that falls behind costs fewer, larger writes.
   */
  public Flux<SharedBatch> readSession(ReadRequest request, Executor deliverer) {
    return resolve(request, false)
        .flatMapMany(resolved -> session(resolved.startSeqNum(), request, false, deliverer));
  }

  /** Like {@link #readSession} without the shared-batch wrapper. */
  public Flux<ReadBatch> read(ReadRequest request) {
    return readSession(request).map(SharedBatch::batch);
  }

  /**
   * A unary read (protocol §7.3): at most 1000 records / 1 MiB, {@code wait} clamped to 60 s;
   * long-polls when at the tail with a positive wait; an empty batch when nothing is delivered.
   */
  public Mono<ReadBatch> readUnary(ReadRequest request) {
    long count = clampUnsigned(request.count(), MAX_BATCH_RECORDS);
    long bytes = clampUnsigned(request.bytes(), MAX_BATCH_BYTES);
    Duration wait = request.waitTime().orElse(Duration.ZERO);
    if (wait.toMillis() > UNARY_MAX_WAIT_MILLIS) {
      wait = Duration.ofMillis(UNARY_MAX_WAIT_MILLIS);
    }
    ReadRequest bounded = request.withCount(count).withBytes(bytes).withWait(wait);
    return resolve(request, true)
        .flatMap(resolved -> session(resolved.startSeqNum(), bounded, true, null)
            .map(SharedBatch::batch)
            .filter(batch -> !batch.records().isEmpty())
            .next()
            .defaultIfEmpty(ReadBatch.EMPTY));
  }

  /** The durable state, once it has been loaded from storage. */
  Mono<StreamState> durableState() {
    StreamState state = durable;
    if (state != null) {
      return Mono.just(state);
    }
    CompletableFuture<StreamState> load = loaded;
    if (load.isCompletedExceptionally() && !deleted) {
      // The last load failed: this caller sees the failure, and the next one a fresh attempt.
      actor.execute(this::retryLoad);
    }
    return Mono.fromFuture(load.copy());
  }

  StreamPosition durableTail() {
    StreamState state = durable;
    return state == null ? StreamPosition.ZERO : state.tail();
  }

  long trimPoint() {
    StreamState state = durable;
    return state == null ? 0 : state.trimPoint();
  }

  LogStore store() {
    return store;
  }

  ServerMetrics metrics() {
    return metrics;
  }

  /** Per-stream counters; {@link StreamMeter#NOOP} until {@link #named} is called. */
  StreamMeter meter() {
    return meter;
  }

  /** Labels this stream's per-stream metrics (the engine knows only ids); first call wins. */
  public ActiveStream named(String basin, String stream) {
    if (meter == StreamMeter.NOOP) {
      meter = metrics.stream(basin, stream);
    }
    return this;
  }

  EngineOptions options() {
    return options;
  }

  private Flux<SharedBatch> session(
      long startSeqNum, ReadRequest request, boolean unary, Executor deliverer) {
    return Flux.from(subscriber ->
        new ReadSession(this, subscriber, startSeqNum, request, !unary, deliverer).start());
  }

  /**
   * The server is shutting down: live read sessions end with {@code error} (a retryable 503
   * {@code server_draining}, so clients resume elsewhere or later), later ones at their next step,
   * and append sessions end once their appends in flight are acknowledged. Unary requests and
   * appends already submitted complete as usual.
   */
  void drain(S2Exception error) {
    if (draining == null) {
      draining = error;
      drainStarted.tryEmitValue(error);
      followers.fail(error);
    }
  }

  /** The error read sessions end with because the server is draining; null while it is not. */
  S2Exception drainError() {
    return draining;
  }

  /** Emits the draining error when the server starts shutting down (never completes otherwise). */
  public Mono<S2Exception> whenDraining() {
    return drainStarted.asMono();
  }

  /** Marks the stream deleted, fails what is pending, and removes its records in the background. */
  CompletableFuture<Void> delete() {
    deleted = true;
    actor.execute(this::markDeleted);
    return deletion;
  }

  /**
   * Deletes the stream only if it retains no record and no append is queued or in flight, checked
   * on the sequencer so that no append can slip in between the check and the deletion: an append
   * is either sequenced before (and the stream is kept) or fails with 409. Completes with whether
   * the stream is now deleted (true also if it already was).
   */
  CompletableFuture<Boolean> deleteIfEmpty() {
    if (deleted) {
      return CompletableFuture.completedFuture(true);
    }
    return durableState().toFuture().thenCompose(loadedState -> {
      CompletableFuture<Boolean> result = new CompletableFuture<>();
      actor.execute(() -> {
        if (phase == Phase.DELETED) {
          result.complete(true);
          return;
        }
        if (phase != Phase.READY || !waiting.isEmpty() || !inflight.isEmpty()
            || !isEmpty(sequenced)) {
          result.complete(false);
          return;
        }
        deleted = true;
        markDeleted();
        result.complete(true);
      });
      return result;
    });
  }

  /** Whether a stream in this state retains no record: never written, or trimmed to its tail. */
  static boolean isEmpty(StreamState state) {
    long tail = state.tail().seqNum();
    return tail == 0 || Long.compareUnsigned(state.trimPoint(), tail) >= 0;
  }

  private void markDeleted() {
    if (phase == Phase.DELETED) {
      return;
    }
    phase = Phase.DELETED;
    S2Exception error = deletionPending();
    loaded.completeExceptionally(error);
    Pending pending;
    while ((pending = waiting.poll()) != null) {
      fail(pending, error);
    }
    failTrimWaiters(error);
    followers.fail(error);
    maybeRemoveRecords();
  }

  /**
   * Trims records older than the retention age. The new trim point goes through the sequencer
   * like a trim command without a record (protocol §6.2 semantics: it only moves forward, never
   * past the tail, and is written with the stream state), so readers, later trim commands and a
   * restart all see one trim point. Completes once the records are removed from storage.
   * Look-ups run on the storage scheduler.
   */
  Mono<Void> enforceRetention(long nowMillis) {
    OptionalLong cutoff = retentionCutoff(settings, nowMillis);
    if (cutoff.isEmpty() || deleted) {
      return Mono.empty();
    }
    return durableState()
        .flatMap(state -> Mono.fromCallable(() -> {
              OptionalLong firstKept = store.seqNumAtOrAfter(streamId, cutoff.getAsLong());
              return firstKept.isPresent() ? firstKept.getAsLong() : state.tail().seqNum();
            })
            .subscribeOn(options.storageScheduler()))
        .flatMap(before -> Long.compareUnsigned(before, trimPoint()) <= 0
            ? Mono.empty()
            : Mono.fromFuture(() -> trimForRetention(before)));
  }

  /**
   * Records with a timestamp below the returned value are past the retention age at {@code
   * nowMillis}; empty when nothing can be (infinite retention, or an age reaching before 1970).
   */
  static OptionalLong retentionCutoff(StreamSettings settings, long nowMillis) {
    if (!settings.hasRetentionAge()
        || settings.retentionAgeSeconds() > Long.MAX_VALUE / 1000
        || nowMillis - settings.retentionAgeSeconds() * 1000 <= 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(nowMillis - settings.retentionAgeSeconds() * 1000);
  }

  private CompletableFuture<Void> trimForRetention(long before) {
    if (deleted) {
      return CompletableFuture.completedFuture(null);
    }
    // Counted like an append so the pipeline's bookkeeping holds, but never rejected: the
    // background sweep sends at most one per stream at a time.
    admitted.incrementAndGet();
    Pending pending = new Pending(before);
    actor.execute(() -> enqueue(pending));
    return pending.result.thenCompose(ack -> {
      CompletableFuture<Void> trimmed = new CompletableFuture<>();
      actor.execute(() -> whenTrimmed(pending.state.trimPoint(), trimmed));
      return trimmed;
    });
  }

  private void whenTrimmed(long point, CompletableFuture<Void> done) {
    if (Long.compareUnsigned(trimIssued, point) >= 0) {
      done.complete(null);
    } else if (phase == Phase.DELETED) {
      done.completeExceptionally(deletionPending());
    } else {
      trimWaiters.add(new TrimWaiter(point, done));
      startTrim();
    }
  }

  private void failTrimWaiters(Throwable error) {
    TrimWaiter waiter;
    while ((waiter = trimWaiters.poll()) != null) {
      waiter.done.completeExceptionally(error);
    }
  }

  // ---- actor ----

  private void enqueue(Pending pending) {
    if (phase == Phase.DELETED) {
      // Deleted after the caller checked: nothing would ever sequence it.
      fail(pending, deletionPending());
      return;
    }
    waiting.add(pending);
    pump();
  }

  private void load() {
    options.storageScheduler().schedule(() -> {
      StreamState state;
      try {
        state = store.state(streamId).orElse(StreamState.EMPTY);
      } catch (Throwable t) {
        actor.execute(() -> onLoadFailed(t));
        return;
      }
      actor.execute(() -> onLoaded(state));
    });
  }

  private void retryLoad() {
    if (phase == Phase.RECOVERING && outstandingWrites == 0 && durable == null) {
      loaded = new CompletableFuture<>();
      phase = Phase.LOADING;
      load();
    }
  }

  private void onLoaded(StreamState state) {
    if (phase == Phase.DELETED) {
      return;
    }
    StreamState previous = durable;
    sequenced = state;
    durable = state;
    trimRequested = state.trimPoint();
    phase = Phase.READY;
    loaded.complete(state);
    if (previous != null && state.tail().seqNum() != previous.tail().seqNum()) {
      followers.tailMoved();
    }
    if (Long.compareUnsigned(state.trimPoint(), trimIssued) > 0) {
      startTrim();
    }
    pump();
  }

  private void onLoadFailed(Throwable error) {
    S2Exception failure = storageError(error);
    Pending pending;
    while ((pending = waiting.poll()) != null) {
      fail(pending, failure);
    }
    if (durable == null) {
      loaded.completeExceptionally(failure);
    }
    phase = Phase.RECOVERING;
  }

  private void pump() {
    if (phase == Phase.RECOVERING && outstandingWrites == 0 && !waiting.isEmpty()) {
      phase = Phase.LOADING;
      load();
      return;
    }
    while (phase == Phase.READY && !waiting.isEmpty()) {
      sequence(waiting.poll());
    }
  }

  private void sequence(Pending pending) {
    try {
      sequenceChecked(pending);
    } catch (RuntimeException e) {
      // A bug must not leave the append hanging; the stream state is untouched unless submitted.
      if (pending.state == null) {
        fail(pending, S2Exception.of(ErrorCode.OTHER, "append failed: " + e));
      } else {
        throw e;
      }
    }
  }

  private void sequenceChecked(Pending pending) {
    if (pending.input == null) {
      sequenceRetentionTrim(pending);
      return;
    }
    if (pending.chain != null && pending.chain.failure() != null) {
      fail(pending, pending.chain.failure());
      return;
    }
    AppendInput input = pending.input;
    if (input.records().isEmpty()) {
      fail(pending, invalid("record batch must not be empty"));
      return;
    }
    StreamState state = sequenced;
    if (input.fencingToken().isPresent()
        && !input.fencingToken().get().equals(state.fencingToken())) {
      fail(pending, AppendConditionFailedException.fencingTokenMismatch(state.fencingToken()));
      return;
    }
    if (input.matchSeqNum().isPresent()
        && input.matchSeqNum().getAsLong() != state.tail().seqNum()) {
      fail(pending, AppendConditionFailedException.seqNumMismatch(state.tail().seqNum()));
      return;
    }
    StreamSettings current = settings;
    long now = options.clock().millis();
    long seq = state.tail().seqNum();
    long previousTimestamp = state.tail().timestamp();
    String token = state.fencingToken();
    long trimPoint = state.trimPoint();
    List<AppendRecord> records = input.records();
    List<SequencedRecord> out = new ArrayList<>(records.size());
    long meteredBytes = 0;
    try {
      for (AppendRecord record : records) {
        meteredBytes += record.meteredBytes();
        long timestamp = timestamp(record, current, now);
        if (Long.compareUnsigned(timestamp, previousTimestamp) < 0) {
          timestamp = previousTimestamp;
        }
        previousTimestamp = timestamp;
        if (record.isCommand()) {
          Bytes command = record.headers().get(0).value();
          if (command.equals(AppendRecord.FENCE_COMMAND)) {
            token = fencingToken(record.body());
          } else if (command.equals(AppendRecord.TRIM_COMMAND)) {
            long effective = minUnsigned(trimValue(record.body()), seq + 1);
            trimPoint = maxUnsigned(trimPoint, effective);
          } else {
            throw invalid("unknown command");
          }
        }
        out.add(new SequencedRecord(seq, timestamp, record.headers(), record.body()));
        seq++;
      }
    } catch (S2Exception e) {
      fail(pending, e);
      return;
    }
    StreamState next = new StreamState(StreamPosition.of(seq, previousTimestamp), token, trimPoint);
    SequencedRecord first = out.get(0);
    pending.start = StreamPosition.of(first.seqNum(), first.timestamp());
    pending.records = out;
    pending.meteredBytes = meteredBytes;
    submit(pending, next);
  }

  /** Hands a sequenced batch (possibly without records) and its new state to storage. */
  private void submit(Pending pending, StreamState next) {
    List<SequencedRecord> out = pending.records;
    pending.state = next;
    sequenced = next;
    inflight.add(pending);
    outstandingWrites++;
    CompletableFuture<Void> write;
    try {
      write = store.append(streamId, out, next);
    } catch (Throwable t) {
      write = CompletableFuture.failedFuture(t);
    }
    write.whenComplete((ignored, error) -> actor.execute(() -> onWritten(pending, error)));
  }

  /** A trim point raised by retention: written with the state like a trim command, no record. */
  private void sequenceRetentionTrim(Pending pending) {
    StreamState state = sequenced;
    StreamPosition tail = state.tail();
    long trimPoint =
        maxUnsigned(state.trimPoint(), minUnsigned(pending.retentionTrim, tail.seqNum()));
    pending.start = tail;
    pending.records = List.of();
    if (trimPoint == state.trimPoint()) {
      pending.state = state;
      pending.result.complete(new AppendAck(tail, tail, tail));
      admitted.decrementAndGet();
      return;
    }
    submit(pending, new StreamState(tail, state.fencingToken(), trimPoint));
  }

  private static long timestamp(AppendRecord record, StreamSettings settings, long now) {
    long timestamp = switch (settings.timestamping()) {
      case ARRIVAL -> now;
      case CLIENT_PREFER -> record.timestamp().orElse(now);
      case CLIENT_REQUIRE -> {
        if (record.timestamp().isEmpty()) {
          throw invalid("record timestamp was required but was missing");
        }
        yield record.timestamp().getAsLong();
      }
    };
    if (!settings.uncapped() && Long.compareUnsigned(timestamp, now) > 0) {
      timestamp = now;
    }
    return timestamp;
  }

  private static String fencingToken(Bytes body) {
    if (body.size() > 36) {
      throw invalid("invalid `fence` command: fencing token must not exceed 36 bytes");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(body.asReadOnlyBuffer())
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("invalid `fence` command: fencing token is not valid UTF-8");
    }
  }

  private static long trimValue(Bytes body) {
    if (body.size() != Long.BYTES) {
      throw invalid("invalid `trim` command: earliest sequence number to trim to was "
          + body.size() + " bytes, must be 8");
    }
    ByteBuffer buffer = body.asReadOnlyBuffer();
    return buffer.getLong();
  }

  private void onWritten(Pending pending, Throwable error) {
    outstandingWrites--;
    if (!pending.abandoned) {
      pending.written = true;
      pending.writeError = error;
      completeWritten();
    }
    if (phase == Phase.RECOVERING && outstandingWrites == 0) {
      // Every write submitted before the failure has settled: storage now holds the truth.
      phase = Phase.LOADING;
      load();
    }
    maybeRemoveRecords();
  }

  /** Acks, in order, every leading in-flight append whose write is done. */
  private void completeWritten() {
    Pending last = null;
    for (Pending pending : inflight) {
      if (!pending.written || pending.writeError != null) {
        break;
      }
      last = pending;
    }
    if (last != null) {
      StreamPosition tail = last.state.tail();
      durable = last.state;
      long now = System.nanoTime();
      Pending pending;
      do {
        pending = inflight.poll();
        // Metrics first: whoever waits on the ack then sees them. The ack goes out before the
        // followers are served: it is one write, they may be thousands.
        metrics.appendAcked(pending.records.size(), pending.meteredBytes, now - pending.startNanos);
        meter.appended(pending.records.size(), pending.meteredBytes);
        pending.result.complete(new AppendAck(pending.start, pending.state.tail(), tail));
        admitted.decrementAndGet();
        if (phase != Phase.DELETED && !pending.records.isEmpty()) {
          followers.publish(new SharedBatch(ReadBatch.of(pending.records, tail)));
        }
      } while (pending != last);
      if (Long.compareUnsigned(last.state.trimPoint(), trimRequested) > 0) {
        trimRequested = last.state.trimPoint();
        startTrim();
      }
    }
    Pending head = inflight.peek();
    if (head != null && head.written && head.writeError != null) {
      S2Exception failure = storageError(head.writeError);
      for (Pending pending : inflight) {
        pending.abandoned = true;
        fail(pending, failure);
      }
      inflight.clear();
      sequenced = null;
      failTrimWaiters(failure);
      if (phase != Phase.DELETED) {
        phase = Phase.RECOVERING;
      }
    }
  }

  private void startTrim() {
    if (trimRunning || phase == Phase.DELETED
        || Long.compareUnsigned(trimRequested, trimIssued) <= 0) {
      return;
    }
    trimRunning = true;
    long before = trimRequested;
    options.storageScheduler().schedule(() -> {
      CompletableFuture<Void> trim;
      try {
        trim = store.trim(streamId, before);
      } catch (Throwable t) {
        trim = CompletableFuture.failedFuture(t);
      }
      trim.whenComplete((ignored, error) -> actor.execute(() -> {
        trimRunning = false;
        if (error == null) {
          trimIssued = maxUnsigned(trimIssued, before);
          long issued = trimIssued;
          trimWaiters.removeIf(waiter -> {
            if (Long.compareUnsigned(waiter.point, issued) > 0) {
              return false;
            }
            waiter.done.complete(null);
            return true;
          });
          startTrim();
        } else {
          failTrimWaiters(storageError(error));
        }
        // On failure the trim is retried with the next trim command, retention pass or reload;
        // readers already skip records below the logical trim point.
      }));
    });
  }

  private void maybeRemoveRecords() {
    if (phase != Phase.DELETED || outstandingWrites != 0 || deletion.isDone()) {
      return;
    }
    options.storageScheduler().schedule(() -> {
      CompletableFuture<Void> removal;
      try {
        removal = store.deleteStream(streamId);
      } catch (Throwable t) {
        removal = CompletableFuture.failedFuture(t);
      }
      removal.whenComplete((ignored, error) -> {
        if (error != null) {
          deletion.completeExceptionally(error);
        } else {
          deletion.complete(null);
        }
      });
    });
  }

  private void fail(Pending pending, Throwable error) {
    if (pending.chain != null) {
      pending.chain.failed(error);
    }
    if (!pending.result.isDone()) {
      metrics.appendFailed(error);
    }
    if (pending.result.completeExceptionally(error)) {
      admitted.decrementAndGet();
    }
  }

  static S2Exception deletionPending() {
    return S2Exception.of(ErrorCode.STREAM_DELETION_PENDING, "stream deletion pending");
  }

  static S2Exception storageError(Throwable error) {
    if (error instanceof S2Exception s2) {
      return s2;
    }
    Throwable cause = error.getCause() != null && error instanceof java.util.concurrent
        .CompletionException ? error.getCause() : error;
    return S2Exception.of(ErrorCode.STORAGE, "storage failure: " + cause.getMessage());
  }

  private static S2Exception invalid(String message) {
    return S2Exception.of(ErrorCode.INVALID, message);
  }

  private static boolean isPositive(Optional<Duration> wait) {
    return wait.map(w -> !w.isZero() && !w.isNegative()).orElse(false);
  }

  private static long clampUnsigned(OptionalLong value, long max) {
    if (value.isEmpty() || Long.compareUnsigned(value.getAsLong(), max) > 0) {
      return max;
    }
    return value.getAsLong();
  }

  static long maxUnsigned(long a, long b) {
    return Long.compareUnsigned(a, b) >= 0 ? a : b;
  }

  static long minUnsigned(long a, long b) {
    return Long.compareUnsigned(a, b) <= 0 ? a : b;
  }

  /**
   * An append from submission to ack, or (with a null {@code input}) a retention trim. Fields
   * after {@code retentionTrim} are actor-confined.
   */
  private static final class Pending {
    final AppendInput input;
    final AppendChain chain;
    final long retentionTrim;
    final CompletableFuture<AppendAck> result = new CompletableFuture<>();
    final long startNanos = System.nanoTime();
    List<SequencedRecord> records;
    long meteredBytes;
    StreamPosition start;
    StreamState state;
    boolean written;
    boolean abandoned;
    Throwable writeError;

    Pending(AppendInput input, AppendChain chain) {
      this.input = input;
      this.chain = chain;
      this.retentionTrim = 0;
    }

    Pending(long retentionTrim) {
      this.input = null;
      this.chain = null;
      this.retentionTrim = retentionTrim;
    }
  }

  /** Completes {@code done} once storage has trimmed below {@code point}. */
  private record TrimWaiter(long point, CompletableFuture<Void> done) {}

  /**
   * A resolved read start.
   *
   * @param startSeqNum first seq_num to deliver (at or after the trim point)
   * @param tail the durable tail when the start was resolved
   */
  public record ResolvedRead(long startSeqNum, StreamPosition tail) {}
}

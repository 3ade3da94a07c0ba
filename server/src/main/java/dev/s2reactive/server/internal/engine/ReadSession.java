package dev.s2reactive.server.internal.engine;

import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.internal.metrics.ServerMetrics;
import dev.s2reactive.server.internal.storage.ReadLimit;
import dev.s2reactive.server.internal.storage.ReadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * One read session: a Reactive Streams subscription that catches up from storage and then follows
 * the stream live (protocol §7.4).
 *
 * <p>Everything happens in a drain loop serialised by {@code wip}: on the work scheduler while
 * catching up (encoding a storage read stays off the event loops), on the session's deliverer (the
 * connection's event loop for HTTP sessions) once live; other threads only set flags or hand over
 * one value and signal. Live batches that arrive while the deliverer is busy are delivered
 * together. Backpressure: storage is read one batch at a time and only while there is demand;
 * live batches land in a bounded buffer, and when it overflows (the subscriber is not requesting)
 * the session drops the buffer and reads the missed records from storage instead, so the writer
 * and other followers never wait. Every delivery is checked against the next expected seq_num,
 * which makes the result gap-free and duplicate-free whichever path a record took.
 */
final class ReadSession implements Subscription, Follower {

  private enum Mode {
    CATCHUP,
    LIVE,
    DONE
  }

  private final ActiveStream stream;
  private final Subscriber<? super SharedBatch> actual;
  private final Scheduler scheduler;
  private final Executor deliverer;
  private final Executor catchUpExecutor;
  private final boolean follow;
  private final boolean heartbeats;
  private final boolean unary;
  private final ServerMetrics metrics;
  private final AtomicBoolean released = new AtomicBoolean();
  private final long waitMillis;
  private final long until;

  private final AtomicLong requested = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private final Disposable.Swap timer = Disposables.swap();
  private volatile boolean cancelled;
  private volatile boolean overflow;
  // Which executor runs the next drain; written by the drain loop only.
  private volatile boolean following;
  private volatile boolean tailMoved;
  private volatile boolean timerFired;
  private volatile Throwable error;
  private volatile Object readOutcome;

  // Confined to the drain loop.
  private ArrayBlockingQueue<SharedBatch> live;
  private Mode mode = Mode.CATCHUP;
  private long nextSeq;
  private long remainingCount;
  private long remainingBytes;
  private boolean readInFlight;
  private long readEnd;
  private boolean readBoundBySession;
  private ReadResult ready;
  private boolean registered;
  private boolean heartbeatDue;
  private long heartbeatDeadline;
  private long lastBatchMillis;
  private long armedAt = Long.MAX_VALUE;

  ReadSession(
      ActiveStream stream,
      Subscriber<? super SharedBatch> actual,
      long startSeqNum,
      ReadRequest request,
      boolean heartbeats,
      Executor deliverer) {
    this.stream = stream;
    this.actual = actual;
    this.scheduler = stream.options().workScheduler();
    this.catchUpExecutor = task -> scheduler.schedule(task);
    this.deliverer = deliverer != null ? deliverer : catchUpExecutor;
    this.follow = request.follows();
    this.heartbeats = heartbeats;
    this.unary = !heartbeats;
    this.metrics = stream.metrics();
    this.waitMillis = request.waitTime().map(Duration::toMillis).orElse(0L);
    this.until = request.until().orElse(ReadLimit.NO_UNTIL);
    this.nextSeq = startSeqNum;
    this.remainingCount = unsignedToLong(request.count().orElse(Long.MAX_VALUE));
    this.remainingBytes = unsignedToLong(request.bytes().orElse(Long.MAX_VALUE));
  }

  ReadSession start() {
    metrics.readSessionOpened(unary);
    actual.onSubscribe(this);
    signal();
    return this;
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      error = new IllegalArgumentException("§3.9 violated: positive request amount required");
    } else {
      long current;
      long next;
      do {
        current = requested.get();
        if (current == Long.MAX_VALUE) {
          return;
        }
        next = current + n < 0 ? Long.MAX_VALUE : current + n;
      } while (!requested.compareAndSet(current, next));
    }
    signal();
  }

  @Override
  public void cancel() {
    cancelled = true;
    signal();
  }

  @Override
  public void onLive(SharedBatch batch) {
    if (!live.offer(batch)) {
      overflow = true;
    }
    signal();
  }

  @Override
  public void onTailMoved() {
    tailMoved = true;
    signal();
  }

  @Override
  public void onStreamError(Throwable failure) {
    error = failure;
    signal();
  }

  /** Whether the session follows on its deliverer and no drain is running (for tests). */
  boolean idleOnDeliverer() {
    return following && wip.get() == 0;
  }

  private void signal() {
    if (wip.getAndIncrement() == 0) {
      try {
        (following ? deliverer : catchUpExecutor).execute(this::drain);
      } catch (RuntimeException rejected) {
        wip.set(0);
        cleanup();
      }
    }
  }

  private void drain() {
    int missed = 1;
    do {
      try {
        while (step()) {
          // keep going while progress is made
        }
      } catch (Throwable t) {
        terminate(t);
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  /** One state transition; false when the session must wait for a signal. */
  private boolean step() {
    if (mode == Mode.DONE) {
      return false;
    }
    if (cancelled) {
      mode = Mode.DONE;
      cleanup();
      return false;
    }
    Throwable failure = error != null ? error : stream.drainError();
    if (failure != null) {
      terminate(failure);
      return false;
    }
    if (remainingCount == 0 || remainingBytes == 0) {
      terminate(null);
      return false;
    }
    return mode == Mode.CATCHUP ? stepCatchUp() : stepLive();
  }

  private boolean stepCatchUp() {
    Object outcome = readOutcome;
    if (outcome != null) {
      readOutcome = null;
      readInFlight = false;
      if (outcome instanceof Throwable t) {
        terminate(ActiveStream.storageError(t));
        return false;
      }
      ready = (ReadResult) outcome;
    }
    if (ready != null) {
      List<SequencedRecord> records = ready.records();
      if (!records.isEmpty()) {
        if (requested.get() == 0) {
          return false;
        }
        long bytes = 0;
        for (SequencedRecord record : records) {
          bytes += record.meteredBytes();
        }
        metrics.readDelivered(unary, false, records.size(), bytes);
        stream.meter().delivered(records.size(), bytes);
        emit(new SharedBatch(ReadBatch.of(records)));
        nextSeq = records.get(records.size() - 1).seqNum() + 1;
        remainingCount -= records.size();
        remainingBytes -= bytes;
      }
      ReadResult.Stop stop = ready.stop();
      ready = null;
      switch (stop) {
        case UNTIL -> {
          terminate(null);
          return false;
        }
        case BYTES -> {
          if (readBoundBySession) {
            terminate(null);
            return false;
          }
        }
        case END -> nextSeq = ActiveStream.maxUnsigned(nextSeq, readEnd);
        default -> { }
      }
      return true;
    }
    if (readInFlight) {
      return false;
    }
    if (stream.isDeleted()) {
      terminate(ActiveStream.deletionPending());
      return false;
    }
    long tail = stream.durableTail().seqNum();
    nextSeq = ActiveStream.maxUnsigned(nextSeq, stream.trimPoint());
    if (Long.compareUnsigned(nextSeq, tail) >= 0) {
      if (!follow) {
        terminate(null);
        return false;
      }
      if (!registered) {
        // Register first, then look at the tail again: a batch published in between is either
        // below that tail (read from storage) or in the buffer.
        live = new ArrayBlockingQueue<>(stream.options().followerBufferBatches());
        registered = true;
        stream.followers.add(this);
        return true;
      }
      goLive();
      return true;
    }
    if (requested.get() == 0) {
      return false;
    }
    int maxCount = (int) Math.min(ActiveStream.MAX_BATCH_RECORDS, remainingCount);
    long maxBytes = Math.min(ActiveStream.MAX_BATCH_BYTES, remainingBytes);
    readBoundBySession = remainingBytes <= ActiveStream.MAX_BATCH_BYTES;
    readEnd = tail;
    readInFlight = true;
    ReadLimit limit = new ReadLimit(maxCount, maxBytes, until, tail);
    long from = nextSeq;
    stream.options().storageScheduler().schedule(() -> {
      Object result;
      try {
        result = stream.store().read(stream.streamId(), from, limit);
      } catch (Throwable t) {
        result = t;
      }
      readOutcome = result;
      signal();
    });
    return false;
  }

  private void goLive() {
    mode = Mode.LIVE;
    following = true;
    long now = now();
    lastBatchMillis = now;
    heartbeatDue = heartbeats;
    heartbeatDeadline = now + stream.options().heartbeatIntervalMillis().getAsLong();
  }

  private boolean stepLive() {
    if (overflow || tailMoved) {
      if (overflow) {
        metrics.followerFellBack();
      }
      overflow = false;
      tailMoved = false;
      live.clear();
      mode = Mode.CATCHUP;
      following = false;
      return true;
    }
    if (timerFired) {
      timerFired = false;
      armedAt = Long.MAX_VALUE;
    }
    long now = now();
    // Silence means nothing to deliver: records buffered for a subscriber without demand count.
    if (waitMillis > 0 && live.isEmpty() && now - lastBatchMillis >= waitMillis) {
      terminate(null);
      return false;
    }
    if (heartbeats && now - heartbeatDeadline >= 0) {
      heartbeatDue = true;
    }
    if (heartbeatDue && requested.get() > 0) {
      heartbeatDue = false;
      emit(new SharedBatch(ReadBatch.heartbeat(stream.durableTail())));
      heartbeatDeadline = now + stream.options().heartbeatIntervalMillis().getAsLong();
      return true;
    }
    SharedBatch batch = live.peek();
    if (batch != null) {
      if (Long.compareUnsigned(batch.lastSeqNum(), nextSeq) < 0) {
        live.poll();
        return true;
      }
      if (Long.compareUnsigned(batch.firstSeqNum(), nextSeq) > 0) {
        live.clear();
        mode = Mode.CATCHUP;
        following = false;
        return true;
      }
      if (requested.get() > 0) {
        deliverLive(now);
        return true;
      }
    }
    armTimer(now);
    return false;
  }

  /**
   * Delivers, as one batch, the buffered live records from {@code nextSeq} that fit the session's
   * bounds: the head batch (which starts at or before {@code nextSeq}), then each following
   * contiguous batch that fits whole within a read batch's limits. Records that piled up while the
   * deliverer was busy so go out in one write instead of one each; a lone whole batch goes out as
   * the shared instance, encoded once for all followers.
   */
  private void deliverLive(long now) {
    SharedBatch head = live.poll();
    List<SequencedRecord> first = head.batch().records();
    int from = (int) (nextSeq - head.firstSeqNum());
    List<SequencedRecord> out = null;
    SharedBatch last = head;
    int count = 0;
    long bytes = 0;
    boolean boundHit = false;
    List<SequencedRecord> records = first;
    int index = from;
    while (true) {
      for (; index < records.size(); index++) {
        SequencedRecord record = records.get(index);
        if (count == remainingCount) {
          break;
        }
        if (until != ReadLimit.NO_UNTIL && Long.compareUnsigned(record.timestamp(), until) >= 0) {
          boundHit = true;
          break;
        }
        long size = record.meteredBytes();
        if (bytes + size > remainingBytes) {
          boundHit = true;
          break;
        }
        if (out != null) {
          out.add(record);
        }
        bytes += size;
        count++;
      }
      SharedBatch next = index < records.size() || boundHit ? null : live.peek();
      if (next == null || count == remainingCount || next.firstSeqNum() != last.lastSeqNum() + 1
          || count + next.batch().records().size() > ActiveStream.MAX_BATCH_RECORDS
          || bytes + next.meteredBytes() > ActiveStream.MAX_BATCH_BYTES) {
        break;
      }
      if (out == null) {
        out = new ArrayList<>(first.subList(from, from + count));
      }
      live.poll();
      last = next;
      records = next.batch().records();
      index = 0;
    }
    if (count > 0) {
      SharedBatch batch;
      if (out != null) {
        batch = new SharedBatch(new ReadBatch(out, last.batch().tail()));
      } else if (from == 0 && count == first.size()) {
        batch = head;
      } else {
        batch = new SharedBatch(
            new ReadBatch(first.subList(from, from + count), head.batch().tail()));
      }
      metrics.readDelivered(unary, true, count, bytes);
      stream.meter().delivered(count, bytes);
      emit(batch);
      nextSeq = batch.lastSeqNum() + 1;
      metrics.followerLag(stream.durableTail().seqNum() - nextSeq);
      remainingCount -= count;
      remainingBytes -= bytes;
      lastBatchMillis = now;
      heartbeatDeadline = now + stream.options().heartbeatIntervalMillis().getAsLong();
    }
    if (boundHit) {
      terminate(null);
    }
  }

  private void armTimer(long now) {
    // Only deadlines still ahead: a due heartbeat waits for demand, and so does a buffered batch,
    // so neither may re-arm the timer (it would fire at once, again and again).
    long deadline = Long.MAX_VALUE;
    if (waitMillis > 0 && live.isEmpty()) {
      deadline = lastBatchMillis + waitMillis;
    }
    if (heartbeats && !heartbeatDue) {
      deadline = Math.min(deadline, heartbeatDeadline);
    }
    if (deadline == Long.MAX_VALUE || armedAt <= deadline) {
      return;
    }
    armedAt = deadline;
    timer.update(scheduler.schedule(() -> {
      timerFired = true;
      signal();
    }, Math.max(0, deadline - now), TimeUnit.MILLISECONDS));
  }

  private void emit(SharedBatch batch) {
    if (requested.get() != Long.MAX_VALUE) {
      requested.decrementAndGet();
    }
    actual.onNext(batch);
  }

  private void terminate(Throwable failure) {
    if (mode == Mode.DONE) {
      return;
    }
    mode = Mode.DONE;
    cleanup();
    if (failure == null) {
      actual.onComplete();
    } else {
      actual.onError(failure);
    }
  }

  private void cleanup() {
    if (released.compareAndSet(false, true)) {
      metrics.readSessionClosed(unary);
    }
    if (registered) {
      stream.followers.remove(this);
    }
    timer.dispose();
    ready = null;
    if (live != null) {
      live.clear();
    }
  }

  private long now() {
    return scheduler.now(TimeUnit.MILLISECONDS);
  }

  private static long unsignedToLong(long value) {
    return value < 0 ? Long.MAX_VALUE : value;
  }
}

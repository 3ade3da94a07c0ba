package dev.s2reactive.reliability;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.AppendRetryPolicy;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.RetryPolicy;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorAppendSink;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The crash recovery harness: sustained appends to {@code s2r lite} (run as a separate process)
 * from several writers, with followers reading live, while a {@link FaultInjector} (normally
 * {@link CrashFaults}: SIGKILL and restart on the same data directory and port) strikes at seeded
 * random moments. Afterwards it checks, per stream: every acknowledged record is present at its
 * seq_num, seq_nums are contiguous, no record appears twice and none that was never sent; every
 * follower delivered exactly the stream, without a gap or a duplicate, across all restarts.
 *
 * <p>Writers: on stream {@code shared}, two append sinks ({@link
 * AppendRetryPolicy#NO_SIDE_EFFECTS}, so a batch is never resent after it may have been applied;
 * a failed sink is replaced by a new one) and one unary appender; on stream {@code chained}, one
 * sink with {@code match_seq_num} chaining and {@link AppendRetryPolicy#ALL} (the server refuses
 * a resent batch that was applied). Followers: two on {@code shared}, one on {@code chained},
 * using the client's read resumption.
 *
 * <p>One thread per writer (blocking on its own work, never on an event loop); not reusable.
 */
public final class CrashRecoveryRun {

  /**
   * @param faults faults to inject (rounds)
   * @param seed seeds fault timing and batch sizes
   * @param recordInterval each sink writer offers one record per interval
   * @param minAckedPerRound acknowledged records required before each fault
   * @param minPause shortest pause before a fault, after the required progress
   * @param maxPause longest such pause
   */
  public record Config(
      int faults,
      long seed,
      Duration recordInterval,
      long minAckedPerRound,
      Duration minPause,
      Duration maxPause) {
    public Config {
      Objects.requireNonNull(recordInterval, "recordInterval");
      Objects.requireNonNull(minPause, "minPause");
      Objects.requireNonNull(maxPause, "maxPause");
    }
  }

  /**
   * What the run did and found. {@code violations} are safety failures (lost, moved, duplicated or
   * phantom records, gaps); {@code stuck} lists writers whose sink neither completed nor failed
   * long after their records ended (a liveness failure: the sink was cancelled and its records
   * counted as indeterminate, so the safety checks still ran).
   */
  public record Report(
      int rounds,
      long serverStarts,
      long recordsChecked,
      long acknowledged,
      long sent,
      long unacknowledgedPresent,
      long followerRecords,
      List<String> violations,
      List<String> stuck) {
    public Report {
      violations = List.copyOf(violations);
      stuck = List.copyOf(stuck);
    }

    public String summary() {
      return String.format(
          "%d rounds survived (%d server starts); %d records checked: %d acknowledged of %d"
              + " sent, %d unacknowledged but applied; followers delivered %d records; %d"
              + " violations; %d stuck writers",
          rounds,
          serverStarts,
          recordsChecked,
          acknowledged,
          sent,
          unacknowledgedPresent,
          followerRecords,
          violations.size(),
          stuck.size());
    }
  }

  private static final String BASIN = "crash-recovery";
  private static final Duration OP_TIMEOUT = Duration.ofSeconds(60);
  /** How long a sink may take to drain after its records end (retries included). */
  private static final Duration STOP_GRACE = Duration.ofSeconds(90);
  /**
   * Enough attempts to ride out a restart (a JVM start plus RocksDB recovery), which takes seconds
   * on a loaded machine: about 2.5 minutes of attempts on average.
   */
  static final RetryPolicy RIDE_OUT_RESTARTS =
      RetryPolicy.builder()
          .maxAttempts(600)
          .minBackoff(Duration.ofMillis(50))
          .maxBackoff(Duration.ofMillis(500))
          .build();

  private final LiteProcess server;
  private final FaultInjector faults;
  private final Config config;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Sinks.Empty<Void> stop = Sinks.empty();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Follower> followers = new ArrayList<>();
  private final StreamLedger shared = new StreamLedger("shared");
  private final StreamLedger chained = new StreamLedger("chained");
  private final long startNanos = System.nanoTime();
  private final List<String> faultTimes = new java.util.concurrent.CopyOnWriteArrayList<>();

  public CrashRecoveryRun(LiteProcess server, FaultInjector faults, Config config) {
    this.server = Objects.requireNonNull(server, "server");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Client options for {@code endpoint} that retry long enough to survive restarts. */
  static S2ClientOptions clientOptions(URI endpoint, String token) {
    String url = endpoint.toString();
    return S2ClientOptions.builder()
        .endpoints(url, url)
        .accessToken(token)
        .retryPolicy(RIDE_OUT_RESTARTS)
        .requestTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** Runs the workload with faults, stops it, checks everything; the server must be running. */
  public Report run() throws Exception {
    URI endpoint = faults.clientEndpoint(server.endpoint());
    try (S2Client client = S2Client.create(clientOptions(endpoint, server.accessToken()))) {
      ReactorS2Client s2 = ReactorS2Client.from(client);
      s2.createBasin(CreateBasinRequest.of(BASIN)).block(OP_TIMEOUT);
      for (StreamLedger ledger : List.of(shared, chained)) {
        s2.basin(BASIN).createStream(CreateStreamRequest.of(ledger.stream())).block(OP_TIMEOUT);
      }
      ReactorS2Stream sharedStream = s2.stream(BASIN, shared.stream());
      ReactorS2Stream chainedStream = s2.stream(BASIN, chained.stream());

      followers.add(new Follower(sharedStream, shared));
      followers.add(new Follower(sharedStream, shared));
      followers.add(new Follower(chainedStream, chained));
      // a small in-flight budget: when the server lags, offered records are dropped rather than
      // queued, so the writers stop promptly and each crash leaves few indeterminate records
      AppendOptions bounded =
          AppendOptions.defaults().withMaxBatchBytes(16 * 1024).withMaxInFlightBytes(64 * 1024);
      AppendOptions lenient = bounded.withAppendRetryPolicy(AppendRetryPolicy.NO_SIDE_EFFECTS);
      startThread("sink-1", () -> sinkWriter(sharedStream, shared, "s1", lenient, false));
      startThread("sink-2", () -> sinkWriter(sharedStream, shared, "s2", lenient, false));
      startThread("unary", () -> unaryWriter(sharedStream, shared, "u1"));
      startThread(
          "chained",
          () ->
              sinkWriter(
                  chainedStream,
                  chained,
                  "c1",
                  bounded.withAppendRetryPolicy(AppendRetryPolicy.ALL),
                  true));

      LongSupplier progress = () -> shared.ackedCount() + chained.ackedCount();
      FaultSchedule schedule =
          new FaultSchedule(
              config.faults(),
              config.minAckedPerRound(),
              config.minPause(),
              config.maxPause(),
              Duration.ofSeconds(120));
      int rounds;
      try {
        rounds = schedule.run(timed(faults), progress, new SplittableRandom(config.seed()));
      } finally {
        running.set(false);
        stop.tryEmitEmpty();
        for (Thread t : threads) {
          t.join(STOP_GRACE.plus(OP_TIMEOUT).toMillis());
          if (t.isAlive()) {
            t.interrupt();
            throw new IllegalStateException("writer " + t.getName() + " did not stop");
          }
        }
      }

      List<String> violations = new ArrayList<>();
      List<String> stuck = new ArrayList<>();
      long checked = 0;
      long unackedPresent = 0;
      for (StreamLedger ledger : List.of(shared, chained)) {
        List<SequencedRecord> all =
            s2.stream(BASIN, ledger.stream())
                .read(ReadSpec.from(StartAt.seqNum(0)).stopAtTail())
                .collectList()
                .block(OP_TIMEOUT);
        unackedPresent += ledger.check(all);
        checked += all.size();
        for (Follower f : followers) {
          if (f.ledger == ledger) {
            f.awaitAndCheck(all);
          }
        }
        violations.addAll(ledger.violations());
        stuck.addAll(ledger.stuck());
      }
      long followed = 0;
      for (Follower f : followers) {
        f.subscription.dispose();
        followed += f.count();
      }
      return new Report(
          rounds,
          server.starts(),
          checked,
          shared.ackedCount() + chained.ackedCount(),
          shared.sentCount() + chained.sentCount(),
          unackedPresent,
          followed,
          violations,
          stuck);
    }
  }

  /** Seconds since the run started, for diagnostics. */
  private String at(long nanos) {
    return String.format("%.1fs", (nanos - startNanos) / 1e9);
  }

  /** Records when each fault began and ended, to place hangs relative to faults. */
  private FaultInjector timed(FaultInjector injector) {
    return new FaultInjector() {
      @Override
      public String describe() {
        return injector.describe();
      }

      @Override
      public void inject(java.util.random.RandomGenerator random) throws Exception {
        long begin = System.nanoTime();
        injector.inject(random);
        faultTimes.add(at(begin) + "-" + at(System.nanoTime()));
      }

      @Override
      public long faultsInjected() {
        return injector.faultsInjected();
      }
    };
  }

  private void startThread(String name, Runnable body) {
    Thread t = new Thread(body, "crash-writer-" + name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  /**
   * Feeds sinks one after another until stopped: each gets a stream of fresh records, and each
   * acknowledgement assigns seq_nums to the oldest unacknowledged records, in order. When a sink
   * fails, its unacknowledged records are indeterminate and a new sink takes over.
   */
  private void sinkWriter(
      ReactorS2Stream stream,
      StreamLedger ledger,
      String writer,
      AppendOptions options,
      boolean chainFromTail) {
    AtomicLong next = new AtomicLong();
    while (running.get()) {
      AppendOptions sinkOptions = options;
      if (chainFromTail) {
        try {
          sinkOptions = options.withMatchSeqNum(stream.checkTail().block(OP_TIMEOUT).seqNum());
        } catch (RuntimeException e) {
          continue; // the server is still down past the retries: try again
        }
      }
      ReactorAppendSink sink = stream.newSink(sinkOptions);
      ConcurrentLinkedDeque<Bytes> unacked = new ConcurrentLinkedDeque<>();
      CompletableFuture<Throwable> done = new CompletableFuture<>();
      long created = System.nanoTime();
      AtomicLong lastAck = new AtomicLong(created);
      sink.acks()
          .subscribe(
              ack -> {
                lastAck.set(System.nanoTime());
                assign(ack, unacked, ledger);
              },
              done::complete,
              () -> done.complete(null));
      Flux.interval(config.recordInterval())
          .onBackpressureDrop()
          .takeUntilOther(stop.asMono())
          .map(
              tick -> {
                Bytes body =
                    Bytes.utf8(ledger.stream() + "/" + writer + "/" + next.getAndIncrement());
                ledger.sent(body);
                unacked.add(body);
                return AppendRecord.of(body);
              })
          .subscribe(sink);
      if (!awaitSink(done)) {
        ledger.stuck(
            writer + ": sink neither completed nor failed within " + STOP_GRACE
                + " after its records ended; " + unacked.size() + " records unacknowledged;"
                + " sink created at " + at(created) + ", last ack at " + at(lastAck.get())
                + ", faults at " + faultTimes);
        sink.cancel();
        return;
      }
    }
  }

  /** Waits for a sink to end; false if it is still busy {@link #STOP_GRACE} after the stop. */
  private boolean awaitSink(CompletableFuture<Throwable> done) {
    long stoppedAt = 0;
    while (true) {
      try {
        done.get(100, TimeUnit.MILLISECONDS);
        return true;
      } catch (TimeoutException e) {
        if (!running.get()) {
          long now = System.nanoTime();
          stoppedAt = stoppedAt == 0 ? now : stoppedAt;
          if (now - stoppedAt > STOP_GRACE.toNanos()) {
            return false;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException e) {
        return true;
      }
    }
  }

  private static void assign(AppendAck ack, ConcurrentLinkedDeque<Bytes> unacked, StreamLedger l) {
    for (long seq = ack.start().seqNum(); seq < ack.end().seqNum(); seq++) {
      Bytes body = unacked.poll();
      if (body == null) {
        l.violation("acknowledgement " + ack + " covers more records than were sent");
        return;
      }
      l.acked(body, seq);
    }
  }

  /** Unary appends of 1 to 20 records; a failed append's records are indeterminate. */
  private void unaryWriter(ReactorS2Stream stream, StreamLedger ledger, String writer) {
    SplittableRandom random = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    long next = 0;
    while (running.get()) {
      List<Bytes> bodies = new ArrayList<>();
      int size = 1 + random.nextInt(20);
      for (int i = 0; i < size; i++) {
        Bytes body = Bytes.utf8(ledger.stream() + "/" + writer + "/" + next++);
        ledger.sent(body);
        bodies.add(body);
      }
      try {
        AppendAck ack =
            stream
                .append(AppendInput.of(bodies.stream().map(AppendRecord::of).toList()))
                .block(OP_TIMEOUT);
        if (ack.end().seqNum() - ack.start().seqNum() != size) {
          ledger.violation("unary acknowledgement " + ack + " for " + size + " records");
        }
        for (int i = 0; i < size; i++) {
          ledger.acked(bodies.get(i), ack.start().seqNum() + i);
        }
      } catch (RuntimeException e) {
        // indeterminate: the records may or may not be there, but at most once
      }
    }
  }

  /** A live read from seq_num 0 that must deliver the stream exactly, across restarts. */
  private final class Follower {
    final StreamLedger ledger;
    final List<SequencedRecord> received = new ArrayList<>();
    /** Completes with the error, or with null if the read ended; a live read never should. */
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    final Disposable subscription;

    Follower(ReactorS2Stream stream, StreamLedger ledger) {
      this.ledger = ledger;
      this.subscription =
          stream
              .read(ReadSpec.from(StartAt.seqNum(0)))
              .subscribe(this::onRecord, ended::complete, () -> ended.complete(null));
    }

    private void onRecord(SequencedRecord record) {
      synchronized (received) {
        long expected = received.size();
        if (record.seqNum() != expected) {
          ledger.violation("follower got seq_num " + record.seqNum() + ", expected " + expected
              + (record.seqNum() < expected ? " (duplicate)" : " (gap)"));
        }
        received.add(record);
      }
    }

    long count() {
      synchronized (received) {
        return received.size();
      }
    }

    /** Waits until the follower has the whole final stream, then compares record by record. */
    void awaitAndCheck(List<SequencedRecord> all) throws InterruptedException {
      long deadline = System.nanoTime() + OP_TIMEOUT.toNanos();
      while (count() < all.size() && !ended.isDone() && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      if (ended.isDone()) {
        Throwable error = ended.join();
        ledger.violation(
            error == null ? "follower's live read ended" : "follower failed: " + error);
        return;
      }
      synchronized (received) {
        if (received.size() != all.size()) {
          ledger.violation("follower delivered " + received.size() + " records; the stream has "
              + all.size());
        }
        for (int i = 0; i < Math.min(received.size(), all.size()); i++) {
          if (!received.get(i).body().equals(all.get(i).body())) {
            ledger.violation("follower record " + i + " is '" + received.get(i).body().utf8()
                + "', the stream has '" + all.get(i).body().utf8() + "'");
            return;
          }
        }
      }
    }
  }
}

package dev.s2reactive.reliability;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.reliability.History.Append;
import dev.s2reactive.reliability.History.Outcome;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consistency workload: concurrent clients (each with its own connection pool) append, read
 * the stream from the head and check its tail, recording a {@link History}; meanwhile a {@link
 * FaultInjector} strikes at seeded random moments. Afterwards the whole stream is read and {@link
 * ConsistencyChecker} judges the history against it.
 *
 * <p>Client roles by index (mod 5): 0 appends without conditions; 1 checks the tail and appends
 * with {@code match_seq_num} = that tail (racing the others, so many fail with 412); 2 appends with
 * its guess of the fencing token and sometimes fences a new one (adopting the current token from a
 * 412); 3 reads from the head to the tail; 4 checks the tail. Every client also reads or checks the
 * tail a quarter of the time. One thread per client; not reusable.
 */
public final class ConsistencyRun {

  /**
   * @param clients concurrent clients
   * @param faults faults to inject
   * @param opsPerRound operations that must complete before each fault, and after the last
   * @param seed seeds the clients' choices and fault timing
   * @param minPause shortest pause before a fault, after the required progress
   * @param maxPause longest such pause
   */
  public record Config(
      int clients, int faults, long opsPerRound, long seed, Duration minPause, Duration maxPause) {
    public Config {
      Objects.requireNonNull(minPause, "minPause");
      Objects.requireNonNull(maxPause, "maxPause");
    }
  }

  /** The check's result plus what was injected. */
  public record Report(
      ConsistencyChecker.Result result, int faults, String faultKind, long failedReads) {
    public String summary() {
      return faults + " faults (" + faultKind + "); " + result.summary() + "; " + failedReads
          + " reads or tail checks failed (no claim)";
    }
  }

  private static final String BASIN = "consistency";
  private static final String STREAM = "history";
  private static final Duration OP_TIMEOUT = Duration.ofSeconds(60);

  private final LiteProcess server;
  private final FaultInjector faults;
  private final Config config;
  private final History history = new History();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong completedOps = new AtomicLong();
  private final AtomicLong failedObservations = new AtomicLong();

  public ConsistencyRun(LiteProcess server, FaultInjector faults, Config config) {
    this.server = Objects.requireNonNull(server, "server");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Runs the clients with faults, then checks; the server must be running. */
  public Report run() throws Exception {
    URI endpoint = faults.clientEndpoint(server.endpoint());
    List<S2Client> clients = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < config.clients(); i++) {
        clients.add(
            S2Client.create(CrashRecoveryRun.clientOptions(endpoint, server.accessToken())));
      }
      ReactorS2Client admin = ReactorS2Client.from(clients.get(0));
      admin.createBasin(CreateBasinRequest.of(BASIN)).block(OP_TIMEOUT);
      admin.basin(BASIN).createStream(CreateStreamRequest.of(STREAM)).block(OP_TIMEOUT);

      for (int i = 0; i < config.clients(); i++) {
        Worker worker =
            new Worker(i, ReactorS2Client.from(clients.get(i)).stream(BASIN, STREAM));
        Thread t = new Thread(worker::run, "consistency-client-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      FaultSchedule schedule =
          new FaultSchedule(
              config.faults(),
              config.opsPerRound(),
              config.minPause(),
              config.maxPause(),
              Duration.ofSeconds(120));
      int injected;
      try {
        injected = schedule.run(faults, completedOps::get, new SplittableRandom(config.seed()));
      } finally {
        running.set(false);
        for (Thread t : threads) {
          t.join(2 * OP_TIMEOUT.toMillis());
          if (t.isAlive()) {
            t.interrupt();
            throw new IllegalStateException(t.getName() + " did not stop");
          }
        }
      }
      List<SequencedRecord> all =
          admin
              .stream(BASIN, STREAM)
              .read(ReadSpec.from(StartAt.seqNum(0)).stopAtTail())
              .collectList()
              .block(OP_TIMEOUT);
      ConsistencyChecker.Result result = ConsistencyChecker.check(history.ops(), all);
      return new Report(result, injected, faults.describe(), failedObservations.get());
    } finally {
      clients.forEach(S2Client::close);
    }
  }

  /** One client's loop of operations. */
  private final class Worker {
    private final int id;
    private final ReactorS2Stream stream;
    private final SplittableRandom random;
    private long nextBody;
    private long nextToken;
    private String token = "";

    Worker(int id, ReactorS2Stream stream) {
      this.id = id;
      this.stream = stream;
      this.random = new SplittableRandom(config.seed() * 31 + id);
    }

    void run() {
      while (running.get()) {
        int role = random.nextInt(4) == 0 ? 3 + random.nextInt(2) : id % 5;
        switch (role) {
          case 0 -> append(AppendInput.of(records(1 + random.nextInt(5))));
          case 1 -> {
            OptionalLong tail = checkTail();
            if (tail.isPresent()) {
              append(
                  AppendInput.of(records(1 + random.nextInt(5)))
                      .withMatchSeqNum(tail.getAsLong()));
            }
          }
          case 2 -> fencedAppend();
          case 3 -> readFromHead();
          default -> checkTail();
        }
        completedOps.incrementAndGet();
      }
    }

    private List<AppendRecord> records(int n) {
      List<AppendRecord> records = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        records.add(AppendRecord.of("c" + id + "-" + nextBody++));
      }
      return records;
    }

    private void fencedAppend() {
      AppendInput input;
      if (random.nextInt(7) == 0) {
        String newToken = "f" + id + "-" + nextToken++;
        input =
            new AppendInput(
                List.of(AppendRecord.fence(newToken)),
                OptionalLong.empty(),
                Optional.of(token));
        if (append(input)) {
          token = newToken;
        }
      } else {
        append(AppendInput.of(records(1 + random.nextInt(3))).withFencingToken(token));
      }
    }

    /** Appends and records the outcome; true when acknowledged. */
    private boolean append(AppendInput input) {
      List<Bytes> bodies = input.records().stream().map(AppendRecord::body).toList();
      long invoked = System.nanoTime();
      Append op;
      boolean ok = false;
      try {
        AppendAck ack = stream.append(input).block(OP_TIMEOUT);
        op = Append.ok(id, invoked, System.nanoTime(), bodies, ack.start().seqNum(),
            ack.end().seqNum());
        ok = true;
      } catch (RuntimeException e) {
        long completed = System.nanoTime();
        Outcome outcome = History.outcomeOf(e);
        op = Append.failed(id, invoked, completed, bodies, outcome).withError(e.toString());
        if (e instanceof AppendConditionFailedException condition) {
          condition.currentFencingToken().ifPresent(t -> token = t);
        }
      }
      if (input.matchSeqNum().isPresent()) {
        op = op.withMatchSeqNum(input.matchSeqNum().getAsLong());
      }
      if (input.fencingToken().isPresent()) {
        op = op.withFencingToken(input.fencingToken().get());
      }
      history.add(op);
      return ok;
    }

    private void readFromHead() {
      long invoked = System.nanoTime();
      long[] state = {0, ChainHash.EMPTY, 1}; // length, hash, contiguous
      try {
        stream
            .read(ReadSpec.from(StartAt.seqNum(0)).stopAtTail())
            .doOnNext(
                r -> {
                  if (r.seqNum() != state[0]) {
                    state[2] = 0;
                  }
                  state[0]++;
                  state[1] = ChainHash.fold(state[1], r.body());
                })
            .then()
            .block(OP_TIMEOUT);
        history.add(
            new History.Read(id, invoked, System.nanoTime(), state[0], state[1], state[2] == 1));
      } catch (RuntimeException e) {
        failedObservations.incrementAndGet();
      }
    }

    private OptionalLong checkTail() {
      long invoked = System.nanoTime();
      try {
        long tail = stream.checkTail().block(OP_TIMEOUT).seqNum();
        history.add(new History.CheckTail(id, invoked, System.nanoTime(), tail));
        return OptionalLong.of(tail);
      } catch (RuntimeException e) {
        failedObservations.incrementAndGet();
        return OptionalLong.empty();
      }
    }
  }
}

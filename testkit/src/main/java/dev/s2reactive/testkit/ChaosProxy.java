package dev.s2reactive.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that injects network faults between a client and a server, for fault tests.
 *
 * <pre>{@code
 * try (ChaosProxy proxy = ChaosProxy.builder(server.port()).seed(42).start()) {
 *   S2Client client = ... endpoints(proxy.endpoint(), proxy.endpoint()) ...;
 *   proxy.randomFaults(ChaosProxy.RandomFaults.defaults());   // seeded drops, stalls, delays, chunks
 *   ... read and check ...
 *   System.out.println(proxy.counters());
 * }
 * }</pre>
 *
 * <p><b>Faults.</b> {@link #cutAll() cut} every open connection (an abortive close: both peers see
 * a reset and buffered bytes are lost, as in a crash); {@link #cutAfter(Direction, long) cut} the
 * connection that carries the N-th byte from now in one direction; {@link #stallAll(Duration)
 * stall} the open connections (nothing is read or written for a while, so TCP backpressure reaches
 * both peers); {@link #delay(Direction, Duration) delay} every byte; {@link #splitWrites(Direction,
 * int) split} writes into tiny chunks; or let a seeded {@link RandomFaults plan} pick faults as
 * bytes flow. Faults that need a choice (which connection, how long) draw from one {@link Random}
 * seeded by {@link Builder#seed(long)}, and random faults are triggered by byte counts rather than
 * wall-clock time, so a run is reproducible up to the timing of the peers. Every injected fault is
 * counted ({@link #counters()}).
 *
 * <p><b>Threading.</b> One daemon thread runs a non-blocking selector loop for all connections;
 * the fault methods are thread-safe, return at once and take effect on that thread within
 * microseconds (they never block, so they may be called from event loops and {@code doOnNext}).
 *
 * <p><b>Backpressure.</b> Each direction of a connection buffers at most {@link
 * Builder#bufferBytes(int)} bytes; when the buffer is full the proxy stops reading from the
 * sender. Listens on the loopback interface only.
 */
public final class ChaosProxy implements AutoCloseable {

  /** A direction of traffic through the proxy. */
  public enum Direction {
    /** Client to server (requests). */
    UPSTREAM,
    /** Server to client (responses). */
    DOWNSTREAM
  }

  /**
   * Faults triggered as bytes flow: after a uniformly drawn number of bytes in {@code
   * [minBytesBetween, maxBytesBetween]} in a direction, the connection that carried them gets one
   * fault, picked by weight: a cut, a stall of up to {@code maxStall}, a per-byte delay of up to
   * {@code maxDelay} on that connection's direction (or back to none), or splitting that direction's
   * writes into chunks of 1 to {@code maxChunk} bytes (or back to whole writes). Immutable.
   */
  public record RandomFaults(
      long minBytesBetween,
      long maxBytesBetween,
      int cutWeight,
      int stallWeight,
      int delayWeight,
      int splitWeight,
      Duration maxStall,
      Duration maxDelay,
      int maxChunk) {

    public RandomFaults {
      Objects.requireNonNull(maxStall, "maxStall");
      Objects.requireNonNull(maxDelay, "maxDelay");
      if (minBytesBetween < 1 || maxBytesBetween < minBytesBetween) {
        throw new IllegalArgumentException("need 1 <= minBytesBetween <= maxBytesBetween");
      }
      if (cutWeight < 0 || stallWeight < 0 || delayWeight < 0 || splitWeight < 0) {
        throw new IllegalArgumentException("weights must not be negative");
      }
      if (cutWeight + stallWeight + delayWeight + splitWeight == 0) {
        throw new IllegalArgumentException("at least one weight must be positive");
      }
      if (maxChunk < 1 || maxStall.isNegative() || maxDelay.isNegative()) {
        throw new IllegalArgumentException("maxChunk must be positive, durations not negative");
      }
    }

    /**
     * A fault every 16–256 KiB; cuts, stalls up to 300 ms, delays up to 20 ms and chunks up to 64
     * bytes, equally likely.
     */
    public static RandomFaults defaults() {
      return new RandomFaults(
          16 * 1024, 256 * 1024, 1, 1, 1, 1, Duration.ofMillis(300), Duration.ofMillis(20), 64);
    }

    public RandomFaults withBytesBetween(long min, long max) {
      return new RandomFaults(
          min, max, cutWeight, stallWeight, delayWeight, splitWeight, maxStall, maxDelay, maxChunk);
    }

    /** Relative likelihood of each fault kind; zero disables a kind. */
    public RandomFaults withWeights(int cut, int stall, int delay, int split) {
      return new RandomFaults(
          minBytesBetween, maxBytesBetween, cut, stall, delay, split, maxStall, maxDelay, maxChunk);
    }

    public RandomFaults withMaxStall(Duration maxStall) {
      return new RandomFaults(
          minBytesBetween,
          maxBytesBetween,
          cutWeight,
          stallWeight,
          delayWeight,
          splitWeight,
          maxStall,
          maxDelay,
          maxChunk);
    }

    public RandomFaults withMaxDelay(Duration maxDelay) {
      return new RandomFaults(
          minBytesBetween,
          maxBytesBetween,
          cutWeight,
          stallWeight,
          delayWeight,
          splitWeight,
          maxStall,
          maxDelay,
          maxChunk);
    }
  }

  /**
   * What the proxy has done so far.
   *
   * @param accepted connections accepted from clients
   * @param cuts connections cut (by any means)
   * @param stalls stalls begun (one per connection stalled)
   * @param delays delays switched on: by {@link #delay} (once per call) or at random (per
   *     connection)
   * @param splits chunked writes switched on: by {@link #splitWrites} (once per call) or at random
   *     (per connection)
   * @param chunkedWrites writes made shorter than the data ready to send
   * @param bytesUpstream bytes forwarded from clients to the server
   * @param bytesDownstream bytes forwarded from the server to clients
   */
  public record Counters(
      long accepted,
      long cuts,
      long stalls,
      long delays,
      long splits,
      long chunkedWrites,
      long bytesUpstream,
      long bytesDownstream) {

    /** Faults injected: cuts, stalls, delays and splits. */
    public long faults() {
      return cuts + stalls + delays + splits;
    }
  }

  /** Configures a proxy; not thread-safe. */
  public static final class Builder {
    private final int targetPort;
    private long seed = 0x5eed;
    private int bufferBytes = 64 * 1024;

    private Builder(int targetPort) {
      if (targetPort < 1 || targetPort > 65535) {
        throw new IllegalArgumentException("bad port " + targetPort);
      }
      this.targetPort = targetPort;
    }

    /** Seeds every random choice (default {@code 0x5eed}). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The most bytes buffered per connection and direction (default 64 KiB). */
    public Builder bufferBytes(int bufferBytes) {
      if (bufferBytes < 1) {
        throw new IllegalArgumentException("bufferBytes must be positive");
      }
      this.bufferBytes = bufferBytes;
      return this;
    }

    /** Binds a free loopback port and starts forwarding. */
    public ChaosProxy start() {
      try {
        return new ChaosProxy(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the proxy", e);
      }
    }
  }

  /** A proxy without faults (until asked) to {@code 127.0.0.1:targetPort}. */
  public static ChaosProxy start(int targetPort) {
    return builder(targetPort).start();
  }

  /** A builder for a proxy to {@code 127.0.0.1:targetPort}. */
  public static Builder builder(int targetPort) {
    return new Builder(targetPort);
  }

  private static final int READ_CHUNK = 16 * 1024;

  private final InetSocketAddress target;
  private final int bufferBytes;
  private final Selector selector;
  private final ServerSocketChannel listener;
  private final Thread loop;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong cuts = new AtomicLong();
  private final AtomicLong stalls = new AtomicLong();
  private final AtomicLong delays = new AtomicLong();
  private final AtomicLong splits = new AtomicLong();
  private final AtomicLong chunkedWrites = new AtomicLong();
  private final AtomicLong bytesUp = new AtomicLong();
  private final AtomicLong bytesDown = new AtomicLong();

  // state below: loop thread only
  private final Random random;
  private final List<Connection> connections = new ArrayList<>();
  private final Map<Direction, Long> delayNanos = new EnumMap<>(Direction.class);
  private final Map<Direction, Integer> chunkBytes = new EnumMap<>(Direction.class);
  private final Map<Direction, Long> cutCountdown = new EnumMap<>(Direction.class);
  private final Map<Direction, Long> faultCountdown = new EnumMap<>(Direction.class);
  private RandomFaults plan;

  private ChaosProxy(Builder b) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), b.targetPort);
    this.bufferBytes = b.bufferBytes;
    this.random = new Random(b.seed);
    for (Direction d : Direction.values()) {
      delayNanos.put(d, 0L);
      chunkBytes.put(d, 0);
      cutCountdown.put(d, -1L);
      faultCountdown.put(d, -1L);
    }
    this.selector = Selector.open();
    this.listener = ServerSocketChannel.open();
    try {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      listener.close();
      selector.close();
      throw e;
    }
    this.loop = new Thread(this::run, "chaos-proxy-" + port());
    loop.setDaemon(true);
    loop.start();
  }

  /** The proxy's loopback port. */
  public int port() {
    return listener.socket().getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>}, to use as a client endpoint. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** A snapshot of what the proxy has done. */
  public Counters counters() {
    return new Counters(
        accepted.get(),
        cuts.get(),
        stalls.get(),
        delays.get(),
        splits.get(),
        chunkedWrites.get(),
        bytesUp.get(),
        bytesDown.get());
  }

  /** Connections accepted so far. */
  public long accepted() {
    return accepted.get();
  }

  /** Resets every connection open now; later connections work normally. */
  public void cutAll() {
    submit(
        () -> {
          for (Connection c : new ArrayList<>(connections)) {
            c.abort();
          }
        });
  }

  /** Resets one open connection, picked at random (nothing if none is open). */
  public void cutRandom() {
    submit(
        () -> {
          if (!connections.isEmpty()) {
            connections.get(random.nextInt(connections.size())).abort();
          }
        });
  }

  /**
   * Forwards exactly {@code bytes} more bytes in {@code direction} (over any connections), then
   * resets the connection that carried the last of them. One-shot; replaces an earlier request.
   */
  public void cutAfter(Direction direction, long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes must be positive");
    }
    submit(() -> cutCountdown.put(direction, bytes));
  }

  /**
   * Stops forwarding on every connection open now, in both directions, for {@code duration}: the
   * proxy neither reads nor writes, so both peers see silence and then TCP backpressure. Later
   * connections are not stalled.
   */
  public void stallAll(Duration duration) {
    long nanos = duration.toNanos();
    submit(
        () -> {
          long until = System.nanoTime() + nanos;
          for (Connection c : connections) {
            c.stall(until);
          }
        });
  }

  /**
   * Holds every byte read from now on in {@code direction} for {@code delay} before writing it
   * (order is kept), on open and later connections; {@link Duration#ZERO} turns delays off.
   */
  public void delay(Direction direction, Duration delay) {
    long nanos = delay.toNanos();
    if (nanos < 0) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    submit(
        () -> {
          delayNanos.put(direction, nanos);
          if (nanos > 0) {
            delays.incrementAndGet();
          }
          for (Connection c : connections) {
            c.pipe(direction).delayNanos = nanos;
          }
        });
  }

  /**
   * Writes at most {@code maxChunk} bytes at a time in {@code direction}, one write per loop
   * turn, on open and later connections; 0 turns splitting off.
   */
  public void splitWrites(Direction direction, int maxChunk) {
    if (maxChunk < 0) {
      throw new IllegalArgumentException("maxChunk must not be negative");
    }
    submit(
        () -> {
          chunkBytes.put(direction, maxChunk);
          if (maxChunk > 0) {
            splits.incrementAndGet();
          }
          for (Connection c : connections) {
            c.pipe(direction).chunk = maxChunk;
          }
        });
  }

  /** Starts injecting faults as bytes flow, per {@code faults}; replaces an earlier plan. */
  public void randomFaults(RandomFaults faults) {
    Objects.requireNonNull(faults, "faults");
    submit(
        () -> {
          plan = faults;
          for (Direction d : Direction.values()) {
            faultCountdown.put(d, drawGap());
          }
        });
  }

  /**
   * Ends every fault: no random plan, no pending cut, no delays, no splitting, no stalls. Open
   * connections stay open.
   */
  public void heal() {
    submit(
        () -> {
          plan = null;
          for (Direction d : Direction.values()) {
            faultCountdown.put(d, -1L);
            cutCountdown.put(d, -1L);
            delayNanos.put(d, 0L);
            chunkBytes.put(d, 0);
          }
          for (Connection c : connections) {
            c.stalledUntil = 0;
            for (Direction d : Direction.values()) {
              c.pipe(d).delayNanos = 0;
              c.pipe(d).chunk = 0;
            }
          }
        });
  }

  /** Stops listening and resets every connection. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    selector.wakeup();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ChaosProxy{port=" + port() + ", " + counters() + "}";
  }

  private void submit(Runnable command) {
    commands.add(command);
    selector.wakeup();
  }

  // ---- the loop ----

  private void run() {
    try {
      while (!closed) {
        for (Runnable r; (r = commands.poll()) != null; ) {
          r.run();
        }
        long now = System.nanoTime();
        long nextTimer = Long.MAX_VALUE;
        for (Connection c : new ArrayList<>(connections)) {
          nextTimer = Math.min(nextTimer, c.updateInterest(now));
        }
        long waitMillis =
            nextTimer == Long.MAX_VALUE ? 0 : Math.max(1, (nextTimer - now + 999_999) / 1_000_000);
        if (nextTimer != Long.MAX_VALUE && nextTimer <= now) {
          selector.selectNow();
        } else {
          selector.select(waitMillis);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      // the loop cannot continue; fall through to close everything
    } finally {
      for (Connection c : new ArrayList<>(connections)) {
        c.fail();
      }
      closeQuietly(listener);
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void handle(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.attachment() == null) {
      acceptAll();
      return;
    }
    End end = (End) key.attachment();
    Connection c = end.connection;
    try {
      if (key.isConnectable()) {
        end.channel.finishConnect();
      }
      if (key.isValid() && key.isReadable()) {
        c.readInto(end);
      }
      if (key.isValid() && key.isWritable() && c.open) {
        c.writeFrom(end);
      }
    } catch (IOException e) {
      c.fail(); // a peer reset or refused: pass it on, but it is no injected fault
    }
  }

  private void acceptAll() {
    while (true) {
      SocketChannel client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (client == null) {
        return;
      }
      accepted.incrementAndGet();
      SocketChannel server = null;
      try {
        server = SocketChannel.open();
        server.configureBlocking(false);
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        server.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection(client, server);
        server.connect(target);
        c.client.key = client.register(selector, 0, c.client);
        c.server.key = server.register(selector, SelectionKey.OP_CONNECT, c.server);
        connections.add(c);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
      }
    }
  }

  private long drawGap() {
    RandomFaults p = plan;
    return p.minBytesBetween()
        + (long) (random.nextDouble() * (p.maxBytesBetween() - p.minBytesBetween() + 1));
  }

  /** Applies one random fault to {@code c}, as bytes in {@code direction} triggered it. */
  private void injectRandom(Connection c, Direction direction) {
    RandomFaults p = plan;
    int total = p.cutWeight() + p.stallWeight() + p.delayWeight() + p.splitWeight();
    int pick = random.nextInt(total);
    if ((pick -= p.cutWeight()) < 0) {
      c.abort();
    } else if ((pick -= p.stallWeight()) < 0) {
      c.stall(System.nanoTime() + (long) (random.nextDouble() * p.maxStall().toNanos()));
    } else if ((pick -= p.delayWeight()) < 0) {
      Pipe pipe = c.pipe(direction);
      pipe.setDelay(
          pipe.delayNanos > 0 ? 0 : 1 + (long) (random.nextDouble() * p.maxDelay().toNanos()));
    } else {
      Pipe pipe = c.pipe(direction);
      pipe.setChunk(pipe.chunk > 0 ? 0 : 1 + random.nextInt(p.maxChunk()));
    }
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  /** One socket of a connection. */
  private static final class End {
    final Connection connection;
    final SocketChannel channel;
    SelectionKey key;

    End(Connection connection, SocketChannel channel) {
      this.connection = connection;
      this.channel = channel;
    }
  }

  /** A chunk of bytes waiting to be written, and when it may be. */
  private record Chunk(ByteBuffer data, long releaseAt) {}

  /** One direction of a connection: a bounded queue of chunks read and not yet written. */
  private final class Pipe {
    final Direction direction;
    final End from;
    final End to;
    final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    int buffered;
    boolean eof;
    boolean shutDown;
    long delayNanos;
    int chunk;
    long cutAfterWritten = -1; // cut once this many more bytes are written
    long written;

    Pipe(Direction direction, End from, End to) {
      this.direction = direction;
      this.from = from;
      this.to = to;
      this.delayNanos = ChaosProxy.this.delayNanos.get(direction);
      this.chunk = chunkBytes.get(direction);
    }

    void setDelay(long nanos) {
      if (nanos > 0 && nanos != delayNanos) {
        delays.incrementAndGet();
      }
      delayNanos = nanos;
    }

    void setChunk(int bytes) {
      if (bytes > 0 && chunk == 0) {
        splits.incrementAndGet();
      }
      chunk = bytes;
    }

    boolean canRead(boolean stalled) {
      return !eof && !stalled && buffered < bufferBytes && cutAfterWritten < 0;
    }

    /** The time the head chunk may be written, or MAX_VALUE if none. */
    long headRelease() {
      Chunk head = queue.peek();
      return head == null ? Long.MAX_VALUE : head.releaseAt;
    }
  }

  private final class Connection {
    final End client;
    final End server;
    final Pipe up;
    final Pipe down;
    boolean open = true;
    long stalledUntil;

    Connection(SocketChannel clientChannel, SocketChannel serverChannel) {
      this.client = new End(this, clientChannel);
      this.server = new End(this, serverChannel);
      this.up = new Pipe(Direction.UPSTREAM, client, server);
      this.down = new Pipe(Direction.DOWNSTREAM, server, client);
    }

    Pipe pipe(Direction d) {
      return d == Direction.UPSTREAM ? up : down;
    }

    void stall(long untilNanos) {
      if (open) {
        stalls.incrementAndGet();
        stalledUntil = Math.max(stalledUntil, untilNanos);
      }
    }

    /** Sets interest ops for both ends; returns the next time something becomes due. */
    long updateInterest(long now) {
      if (!open) {
        return Long.MAX_VALUE;
      }
      boolean stalled = stalledUntil - now > 0;
      long next = stalled ? stalledUntil : Long.MAX_VALUE;
      boolean serverConnected = server.channel.isConnected();
      int clientOps = 0;
      int serverOps = serverConnected ? 0 : SelectionKey.OP_CONNECT;
      if (up.canRead(stalled)) {
        clientOps |= SelectionKey.OP_READ;
      }
      if (serverConnected && down.canRead(stalled)) {
        serverOps |= SelectionKey.OP_READ;
      }
      if (!stalled) {
        long upRelease = up.headRelease();
        if (serverConnected && upRelease != Long.MAX_VALUE) {
          if (upRelease - now <= 0) {
            serverOps |= SelectionKey.OP_WRITE;
          } else {
            next = Math.min(next, upRelease);
          }
        }
        long downRelease = down.headRelease();
        if (downRelease != Long.MAX_VALUE) {
          if (downRelease - now <= 0) {
            clientOps |= SelectionKey.OP_WRITE;
          } else {
            next = Math.min(next, downRelease);
          }
        }
      }
      try {
        client.key.interestOps(clientOps);
        server.key.interestOps(serverOps);
      } catch (java.nio.channels.CancelledKeyException e) {
        fail();
      }
      return next;
    }

    void readInto(End end) throws IOException {
      Pipe p = end == client ? up : down;
      if (!p.canRead(stalledUntil - System.nanoTime() > 0)) {
        return;
      }
      int room = Math.min(READ_CHUNK, bufferBytes - p.buffered);
      long cutLeft = cutCountdown.get(p.direction);
      if (cutLeft > 0) {
        room = (int) Math.min(room, cutLeft);
      }
      long faultLeft = plan == null ? -1 : faultCountdown.get(p.direction);
      if (faultLeft > 0) {
        room = (int) Math.min(room, faultLeft);
      }
      ByteBuffer buf = ByteBuffer.allocate(room);
      int n = end.channel.read(buf);
      if (n < 0) {
        p.eof = true;
        maybeShutDown(p);
        return;
      }
      if (n == 0) {
        return;
      }
      buf.flip();
      p.queue.add(new Chunk(buf, System.nanoTime() + p.delayNanos));
      p.buffered += n;
      if (cutLeft > 0) {
        cutLeft -= n;
        cutCountdown.put(p.direction, cutLeft == 0 ? -1L : cutLeft);
        if (cutLeft == 0) {
          p.cutAfterWritten = p.buffered; // deliver what was read, then cut
        }
      }
      if (faultLeft > 0) {
        faultLeft -= n;
        if (faultLeft == 0) {
          faultCountdown.put(p.direction, drawGap());
          injectRandom(this, p.direction);
        } else {
          faultCountdown.put(p.direction, faultLeft);
        }
      }
    }

    void writeFrom(End end) throws IOException {
      Pipe p = end == client ? down : up;
      long now = System.nanoTime();
      if (stalledUntil - now > 0) {
        return;
      }
      Chunk head = p.queue.peek();
      if (head == null || head.releaseAt - now > 0) {
        return;
      }
      ByteBuffer data = head.data;
      int n;
      if (p.chunk > 0 && data.remaining() > p.chunk) {
        ByteBuffer slice = data.slice(data.position(), p.chunk);
        n = end.channel.write(slice);
        data.position(data.position() + n);
        chunkedWrites.incrementAndGet();
      } else {
        n = end.channel.write(data);
      }
      if (!data.hasRemaining()) {
        p.queue.poll();
      }
      p.buffered -= n;
      p.written += n;
      (p.direction == Direction.UPSTREAM ? bytesUp : bytesDown).addAndGet(n);
      if (p.cutAfterWritten >= 0) {
        p.cutAfterWritten -= n;
        if (p.cutAfterWritten <= 0) {
          abort();
          return;
        }
      }
      maybeShutDown(p);
    }

    /** Passes a half-close on once everything before it was written. */
    private void maybeShutDown(Pipe p) throws IOException {
      if (p.eof && p.queue.isEmpty() && !p.shutDown) {
        p.shutDown = true;
        if (p.to.channel.isConnected()) {
          p.to.channel.shutdownOutput();
        }
        if (up.shutDown && down.shutDown) {
          close(false);
        }
      }
    }

    /** An injected cut: reset both sides. */
    void abort() {
      if (open) {
        cuts.incrementAndGet();
      }
      close(true);
    }

    /** A failure not caused by the proxy: reset both sides without counting a fault. */
    void fail() {
      close(true);
    }

    private void close(boolean reset) {
      if (!open) {
        return;
      }
      open = false;
      connections.remove(this);
      for (End e : List.of(client, server)) {
        if (reset) {
          try {
            // an abortive close: the peer gets a reset, buffered data is lost as in a crash
            e.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
          } catch (IOException | RuntimeException ignored) {
            // not connected or already closed
          }
        }
        if (e.key != null) {
          e.key.cancel();
        }
        closeQuietly(e.channel);
      }
    }
  }
}

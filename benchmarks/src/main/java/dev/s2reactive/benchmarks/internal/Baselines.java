package dev.s2reactive.benchmarks.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Same-run baselines that bound what the server can do on this machine: appending batches of
 * records to a file with {@code FileChannel.force} after each (the durable-write ceiling, and with
 * batch 1 the fsync latency floor), and loopback TCP (bulk throughput and a 64-byte ping-pong
 * round trip). Blocking; run them outside the measured bench.
 */
public final class Baselines {

  private Baselines() {}

  /**
   * Writes {@code batchRecords} records of {@code recordSize} bytes then forces, repeatedly, for
   * {@code duration}, into a fresh file under {@code dir}.
   */
  public static Map<String, Object> fsync(Path dir, int recordSize, int batchRecords,
      Duration duration) throws IOException {
    Path file = Files.createTempFile(dir, "fsync-baseline", ".bin");
    byte[] chunk = new byte[recordSize * batchRecords];
    new SplittableRandom(1).nextBytes(chunk);
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    LatencyRecorder latency = new LatencyRecorder();
    long syncs = 0;
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    long now = start;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      while (now < deadline) {
        buffer.rewind();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
        long after = System.nanoTime();
        latency.record(after - now);
        now = after;
        syncs++;
      }
    } finally {
      Files.deleteIfExists(file);
    }
    Throughput t = new Throughput(syncs * chunk.length, syncs * batchRecords, now - start);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("batch_records", batchRecords);
    result.put("mibps", BenchReport.round(t.mibPerSec()));
    result.put("records_per_s", BenchReport.round(t.recordsPerSec()));
    result.put("fsync_p50_us", latency.stats().p50Nanos() / 1000);
    result.put("fsync_p99_us", latency.stats().p99Nanos() / 1000);
    return result;
  }

  /**
   * Writes one record of {@code recordSize} bytes and forces it every {@code interval} (waiting in
   * between, like an open-loop writer at that pace), for {@code duration} or at least 50 fsyncs.
   */
  public static Map<String, Object> fsyncPaced(Path dir, int recordSize, Duration interval,
      Duration duration) throws IOException {
    Path file = Files.createTempFile(dir, "fsync-paced", ".bin");
    ByteBuffer buffer = ByteBuffer.allocate(recordSize);
    LatencyRecorder latency = new LatencyRecorder();
    long intervalNanos = Math.max(1, interval.toNanos());
    long syncs = Math.max(50, duration.toNanos() / intervalNanos);
    long next = System.nanoTime();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (long i = 0; i < syncs; i++) {
        next += intervalNanos;
        long start = System.nanoTime();
        buffer.rewind();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
        latency.record(System.nanoTime() - start);
        LockSupport.parkNanos(next - System.nanoTime());
      }
    } finally {
      Files.deleteIfExists(file);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("batch_records", 1);
    result.put("interval_ms", BenchReport.round(intervalNanos / 1e6));
    result.put("fsync_p50_us", latency.stats().p50Nanos() / 1000);
    result.put("fsync_p99_us", latency.stats().p99Nanos() / 1000);
    return result;
  }

  /** Loopback TCP: bulk MiB/s in 64 KiB writes, and 64-byte round-trip p50/p99. */
  public static Map<String, Object> loopback(Duration duration) throws IOException {
    Map<String, Object> result = new LinkedHashMap<>();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          SocketChannel peer = server.accept()) {
        client.socket().setTcpNoDelay(true);
        peer.socket().setTcpNoDelay(true);
        result.put("mibps", BenchReport.round(bulk(client, peer, duration)));
        LatencyStats rtt = pingPong(duration);
        result.put("rtt_p50_us", rtt.p50Nanos() / 1000.0);
        result.put("rtt_p99_us", rtt.p99Nanos() / 1000.0);
      }
    }
    return result;
  }

  private static double bulk(SocketChannel out, SocketChannel in, Duration duration)
      throws IOException {
    long deadline = System.nanoTime() + duration.toNanos();
    Thread sender = new Thread(() -> {
      ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
      try {
        while (System.nanoTime() < deadline) {
          chunk.clear();
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
        }
        out.shutdownOutput();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "loopback-sender");
    ByteBuffer sink = ByteBuffer.allocateDirect(256 * 1024);
    long start = System.nanoTime();
    sender.start();
    long bytes = 0;
    int n;
    while ((n = in.read(sink)) >= 0) {
      bytes += n;
      sink.clear();
    }
    long nanos = System.nanoTime() - start;
    return new Throughput(bytes, 0, nanos).mibPerSec();
  }

  private static LatencyStats pingPong(Duration duration) throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          SocketChannel echo = server.accept()) {
        client.socket().setTcpNoDelay(true);
        echo.socket().setTcpNoDelay(true);
        Thread echoer = new Thread(() -> {
          ByteBuffer buffer = ByteBuffer.allocate(64);
          try {
            while (true) {
              buffer.clear();
              while (buffer.hasRemaining()) {
                if (echo.read(buffer) < 0) {
                  return;
                }
              }
              buffer.flip();
              while (buffer.hasRemaining()) {
                echo.write(buffer);
              }
            }
          } catch (IOException e) {
            // closed
          }
        }, "loopback-echo");
        echoer.setDaemon(true);
        echoer.start();
        LatencyRecorder latency = new LatencyRecorder();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        long deadline = System.nanoTime() + Math.min(duration.toNanos(), 2_000_000_000L);
        while (System.nanoTime() < deadline) {
          long start = System.nanoTime();
          buffer.clear();
          while (buffer.hasRemaining()) {
            client.write(buffer);
          }
          buffer.clear();
          while (buffer.hasRemaining()) {
            if (client.read(buffer) < 0) {
              throw new IOException("echo closed");
            }
          }
          latency.record(System.nanoTime() - start);
        }
        return latency.stats();
      }
    }
  }
}

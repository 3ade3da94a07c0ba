package dev.s2reactive.samples.web;

import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.reactor.ReactorS2Stream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends one synthetic log line per tick, one unary append at a time. While the server is down
 * (a demo restart) appends fail and are skipped: the writer keeps ticking and resumes when the
 * server is back. Ticks that arrive while an append is still pending are dropped, so nothing
 * queues up. Thread-safe.
 */
final class LogWriter implements AutoCloseable {

  private static final String[] SERVICES = {"checkout", "payments", "search", "auth", "catalog"};
  private static final String[] EVENTS = {
    "request served", "cache miss", "order placed", "token refreshed", "slow query", "retrying"
  };

  private final ReactorS2Stream stream;
  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Disposable ticking;

  LogWriter(ReactorS2Stream stream, Duration interval) {
    this.stream = stream;
    this.ticking =
        Flux.interval(interval)
            .onBackpressureDrop()
            .concatMap(tick -> appendOne(), 1)
            .subscribe();
  }

  /** Records acknowledged so far. */
  long appended() {
    return appended.get();
  }

  /** Appends that failed (for example while the server restarted). */
  long failed() {
    return failed.get();
  }

  private Mono<Void> appendOne() {
    long n = lines.incrementAndGet();
    String level = n % 17 == 0 ? "WARN" : n % 41 == 0 ? "ERROR" : "INFO";
    String service = SERVICES[(int) (n % SERVICES.length)];
    String event = EVENTS[(int) ((n * 7) % EVENTS.length)];
    AppendRecord record =
        AppendRecord.builder()
            .header("level", level)
            .header("service", service)
            .body("line " + n + ": " + service + " " + event + " in " + (n * 13 % 97) + " ms")
            .build();
    return stream
        .append(AppendInput.of(record))
        .doOnNext(ack -> appended.incrementAndGet())
        .then()
        .onErrorResume(
            error -> {
              // Expected while the server restarts; the line is lost, like a log shipper's.
              if (failed.incrementAndGet() % 10 == 1) {
                System.err.println("writer: append failed (" + error.getMessage() + ")");
              }
              return Mono.empty();
            });
  }

  @Override
  public void close() {
    ticking.dispose();
  }
}

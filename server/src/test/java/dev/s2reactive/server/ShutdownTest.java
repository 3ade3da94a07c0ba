package dev.s2reactive.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameDecoder;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/** {@link S2Server#close()} ends live sessions with a retryable 503 server_draining. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownTest {

  @Test
  void closeEndsReadAndAppendSessionsWithServerDrainingAfterTheirAcks() throws Exception {
    // A drain timeout far above the test's own: close() must not wait for the sessions.
    S2Server server = S2Server.builder().inMemory().auth(false)
        .drainTimeout(Duration.ofMinutes(5)).start();
    List<S2sFrame> read = new CopyOnWriteArrayList<>();
    List<S2sFrame> appended = new CopyOnWriteArrayList<>();
    Disposable reading = null;
    Disposable appending = null;
    try {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      HttpResponse<String> basin = http.send(HttpRequest.newBuilder(
              URI.create(server.endpoint() + "/v1/basins"))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"basin\":\"drain-basin\",\"config\":{\"create_stream_on_append\":true,"
                  + "\"create_stream_on_read\":true}}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(basin.statusCode()).isEqualTo(201);

      HttpClient h2c = HttpClient.create()
          .protocol(HttpProtocol.H2C)
          .baseUrl(server.endpoint().toString())
          .headers(h -> h.set("s2-basin", "drain-basin").set("content-type", "s2s/proto"));
      reading = frames(h2c.get().uri("/v1/streams/s/records?tail_offset=0"), read);
      Sinks.Many<ByteBuf> inputs = Sinks.many().unicast().onBackpressureBuffer();
      appending = frames(
          h2c.post().uri("/v1/streams/s/records").send((request, out) -> out.send(inputs.asFlux())),
          appended);
      inputs.tryEmitNext(Unpooled.wrappedBuffer(S2sFrames.message(
          ProtoCodec.encode(AppendInput.of(AppendRecord.of("before close"))), Compression.NONE)));
      await(() -> appended.size() == 1 && !read.isEmpty(), "the ack and a live batch or heartbeat");

      server.close();

      await(() -> terminal(read) != null, "terminal frame of the read session " + read);
      await(() -> terminal(appended) != null, "terminal frame of the append session " + appended);
      assertThat(terminal(read).status()).isEqualTo(503);
      assertThat(terminal(read).json()).contains("\"code\":\"server_draining\"");
      assertThat(appended.get(0)).isInstanceOf(S2sFrame.Message.class);
      assertThat(terminal(appended).status()).isEqualTo(503);
      assertThat(terminal(appended).json()).contains("\"code\":\"server_draining\"");
    } finally {
      if (reading != null) {
        reading.dispose();
      }
      if (appending != null) {
        appending.dispose();
      }
      server.close();
    }
  }

  private static Disposable frames(HttpClient.ResponseReceiver<?> receiver, List<S2sFrame> into) {
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    return receiver.response((response, body) -> body.map(chunk -> {
          List<S2sFrame> out = new ArrayList<>();
          decoder.decode(chunk, out::add);
          return out;
        }).concatMapIterable(list -> list))
        .subscribe(into::add, error -> { });
  }

  private static S2sFrame.Terminal terminal(List<S2sFrame> frames) {
    return frames.stream().filter(S2sFrame.Terminal.class::isInstance)
        .map(S2sFrame.Terminal.class::cast).findFirst().orElse(null);
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}

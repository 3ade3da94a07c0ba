package dev.s2reactive.core.internal.transport;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.json.RecordFormat;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.codec.sse.SseDecoder;
import dev.s2reactive.core.internal.codec.sse.SseEvent;
import dev.s2reactive.core.model.ErrorInfo;
import dev.s2reactive.core.model.ReadBatch;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One SSE read session (protocol §8): {@code GET .../records} with {@code Accept:
 * text/event-stream}, records in base64 format. Emits {@code batch} events as ReadBatches and
 * {@code ping} events as heartbeats (a batch without records, carrying the tail); completes on
 * {@code [DONE]}; fails with the typed error of an {@code error} event or an error response, and
 * with an {@link IOException} (retryable) when the stream ends without {@code [DONE]}.
 *
 * <p>Backpressure reaches the socket: each network chunk is decoded as it arrives into the events
 * it completes, and the next chunk is only requested from Reactor Netty (which stops reading the
 * socket meanwhile) after downstream has taken those events. Silence while data is wanted fails the
 * session with a {@link HeartbeatTimeoutException}.
 */
public final class SseReadSession {

  private SseReadSession() {}

  public static Flux<ReadBatch> open(
      HttpTransport transport, URI uri, Map<String, String> headers, Duration heartbeatTimeout) {
    return DemandWatchdog.withResponseTimeout(
        onResponse -> openSession(transport, uri, headers, heartbeatTimeout, onResponse),
        transport.options().requestTimeout());
  }

  private static Flux<ReadBatch> openSession(
      HttpTransport transport,
      URI uri,
      Map<String, String> headers,
      Duration heartbeatTimeout,
      Runnable onResponse) {
    return transport
        .token()
        .<ReadBatch>flatMapMany(
            token ->
                transport
                    .http1()
                    .headers(
                        h -> {
                          HttpTransport.authorize(h, token);
                          h.set(HttpHeaderNames.ACCEPT, "text/event-stream");
                          h.set(RecordFormat.HEADER, RecordFormat.BASE64.headerValue());
                          headers.forEach(h::set);
                        })
                    .get()
                    .uri(uri)
                    .response(
                        (response, body) -> {
                          onResponse.run();
                          int status = response.status().code();
                          if (status != 200) {
                            return HttpTransport.sessionRefused(status, body);
                          }
                          SseDecoder decoder = new SseDecoder();
                          Flux<List<SseEvent>> chunks =
                              body.map(
                                  buf -> {
                                    List<SseEvent> events = new ArrayList<>(2);
                                    decoder.decode(buf, events::add);
                                    return events;
                                  });
                          return toBatches(
                              DemandWatchdog.watch(chunks, heartbeatTimeout)
                                  .concatMapIterable(events -> events, 1));
                        }))
        // a pooled connection must not keep a finished session's subscriber reachable
        .onTerminateDetach();
  }

  static Flux<ReadBatch> toBatches(Flux<SseEvent> events) {
    return Flux.defer(
        () -> {
          boolean[] done = {false};
          return events
              .<ReadBatch>handle(
                  (event, sink) -> {
                    if (event.isDone()) {
                      done[0] = true;
                      sink.complete();
                      return;
                    }
                    switch (event.type()) {
                      case "batch" ->
                          sink.next(
                              S2Json.decodeReadBatch(
                                  event.data().getBytes(StandardCharsets.UTF_8),
                                  RecordFormat.BASE64));
                      case "ping" -> heartbeat(event).ifPresent(sink::next);
                      case "error" -> sink.error(errorEvent(event.data()));
                      default -> {}
                    }
                  })
              .concatWith(
                  Mono.defer(
                      () ->
                          done[0]
                              ? Mono.empty()
                              : Mono.error(new IOException("read session ended without [DONE]"))));
        });
  }

  private static java.util.Optional<ReadBatch> heartbeat(SseEvent event) {
    try {
      return java.util.Optional.of(
          ReadBatch.heartbeat(
              S2Json.decodeTailResponse(event.data().getBytes(StandardCharsets.UTF_8)).tail()));
    } catch (RuntimeException e) {
      return java.util.Optional.empty(); // an older server's ping carries no tail
    }
  }

  static S2Exception errorEvent(String data) {
    try {
      ErrorInfo info = S2Json.decodeErrorInfo(data.getBytes(StandardCharsets.UTF_8));
      int status = ErrorCode.fromWireName(info.code()).map(ErrorCode::status).orElse(500);
      return S2Exception.of(status, info.code(), info.message());
    } catch (RuntimeException e) {
      return S2Exception.of(ErrorCode.OTHER, "read session failed: " + data);
    }
  }
}

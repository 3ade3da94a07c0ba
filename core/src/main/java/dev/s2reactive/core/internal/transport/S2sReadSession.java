package dev.s2reactive.core.internal.transport;

import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameAssembler;
import dev.s2reactive.core.model.ReadBatch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * One {@code s2s/proto} read session over HTTP/2 (protocol §9): a bodiless {@code GET .../records}
 * with {@code Content-Type: s2s/proto}. Each frame carries a protobuf ReadBatch (a heartbeat has no
 * records and a tail); a terminal frame fails the session with the typed error of its status and
 * JSON; the end of the body is a normal end.
 *
 * <p>Backpressure as in {@link SseReadSession}: a network chunk is decoded into the frames it
 * completes, and the next chunk is only requested after downstream has taken them, so the HTTP/2
 * flow-control window stops the server. Silence while data is wanted fails the session with a
 * {@link HeartbeatTimeoutException} and closes the HTTP/2 connection under it.
 */
public final class S2sReadSession {

  public static final String CONTENT_TYPE = "s2s/proto";

  private S2sReadSession() {}

  public static Flux<ReadBatch> open(
      HttpTransport transport,
      URI uri,
      Map<String, String> headers,
      Duration heartbeatTimeout,
      String acceptEncoding) {
    return Flux.defer(
        () -> {
          AtomicReference<Channel> stream = new AtomicReference<>();
          return DemandWatchdog.withResponseTimeout(
                  onResponse ->
                      openSession(
                          transport.http2().doOnRequest((req, c) -> stream.set(c.channel())),
                          transport,
                          uri,
                          headers,
                          heartbeatTimeout,
                          acceptEncoding,
                          onResponse),
                  transport.options().requestTimeout())
              .doOnError(HeartbeatTimeoutException.class, e -> closeConnectionOf(stream.get()));
        });
  }

  /**
   * Silence on an HTTP/2 stream usually means the connection under it is dead (a half-open TCP
   * connection, a stalled middlebox). The pool would hand the next session the same connection,
   * so close it: every stream on it fails fast and reopens on a new one.
   */
  private static void closeConnectionOf(Channel stream) {
    if (stream != null) {
      Channel connection = stream.parent() != null ? stream.parent() : stream;
      connection.close();
    }
  }

  /**
   * Turns each received chunk into the batches it completes, decoded straight from the received
   * buffers, followed by the terminal frame's or decoding error if any: elements are ReadBatch or
   * Throwable, in stream order. One per session, fed one chunk at a time (it is its assembler's
   * handler, so a chunk costs no handler of its own).
   */
  private static final class ChunkDecoder implements S2sFrameAssembler.Handler {
    private final S2sFrameAssembler assembler = new S2sFrameAssembler();
    private List<Object> items;

    List<Object> decode(ByteBuf chunk) {
      items = new ArrayList<>(2);
      try {
        assembler.decode(chunk, this);
      } catch (RuntimeException e) {
        // after the batches that came before it in this chunk
        items.add(e);
      }
      return items;
    }

    /** At the end of the body: fails when it ended inside a frame. */
    void finish() {
      assembler.finish();
    }

    /** Releases what is held of a partial frame. */
    void close() {
      assembler.close();
    }

    @Override
    public void onMessage(ByteBuf body, boolean reconnectAdvised) {
      items.add(ProtoCodec.decodeReadBatch(body));
    }

    @Override
    public void onTerminal(S2sFrame.Terminal t) {
      items.add(S2Json.errorFromResponse(t.status(), t.json().getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static Flux<ReadBatch> openSession(
      HttpClient http2,
      HttpTransport transport,
      URI uri,
      Map<String, String> headers,
      Duration heartbeatTimeout,
      String acceptEncoding,
      Runnable onResponse) {
    return transport
        .token()
        .<ReadBatch>flatMapMany(
            token ->
                http2
                    .headers(
                        h -> {
                          HttpTransport.authorize(h, token);
                          h.set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
                          if (!acceptEncoding.isEmpty()) {
                            h.set(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
                          }
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
                          ChunkDecoder decoder = new ChunkDecoder();
                          Flux<List<Object>> chunks =
                              body.map(decoder::decode)
                                  .doFinally(signal -> decoder.close());
                          return DemandWatchdog.watch(chunks, heartbeatTimeout)
                              .concatMapIterable(items -> items, 1)
                              .concatWith(Mono.fromRunnable(decoder::finish))
                              .<ReadBatch>handle(
                                  (item, sink) -> {
                                    if (item instanceof ReadBatch batch) {
                                      sink.next(batch);
                                    } else {
                                      sink.error((Throwable) item);
                                    }
                                  });
                        }))
        // Reactor Netty keeps the last stream's acquisition (and so this subscriber chain) on the
        // HTTP/2 connection until the next stream opens: cut the chain on cancel and terminal
        .onTerminateDetach();
  }
}

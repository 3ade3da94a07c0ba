package dev.s2reactive.core.internal.transport;

import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameDecoder;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Appends over {@code s2s/proto} append sessions on HTTP/2 (protocol §9.3): each {@link
 * #append(AppendInput)} writes one frame to the open session (opening one if needed) and completes
 * with the acknowledgement the server returns for it; acks arrive one per input, in order. When a
 * session fails, every append waiting on it fails with that error and the next append opens a new
 * session — except after a session failed with inputs waiting: later inputs then fail unsent
 * (retryable, never applied) until {@link #restart()}, so that nothing lands ahead of the failed
 * inputs' resends. {@link #close()} ends the request body, so the server drains and ends the
 * session.
 *
 * <p>Thread-safe; the append sink calls it from its serial executor. The frames queued for the
 * socket are bounded by the sink's in-flight budget.
 */
public final class S2sAppendSession
    implements Function<AppendInput, Mono<AppendAck>>, AutoCloseable {

  private final HttpTransport transport;
  private final URI uri;
  private final Map<String, String> headers;
  private final Compression compression;
  private Session current;
  private boolean closed;

  public S2sAppendSession(
      HttpTransport transport, URI uri, Map<String, String> headers, Compression compression) {
    this.transport = transport;
    this.uri = uri;
    this.headers = headers;
    this.compression = compression;
  }

  @Override
  public Mono<AppendAck> apply(AppendInput input) {
    return append(input);
  }

  public synchronized Mono<AppendAck> append(AppendInput input) {
    if (closed) {
      return Mono.error(new IllegalStateException("append session closed"));
    }
    // Twice: the session may fail between the check and the send, and then nothing was sent.
    for (int attempt = 0; attempt < 2; attempt++) {
      if (current != null && current.failedWaiters) {
        // Inputs sent before this one failed with the session: a new session now could land this
        // input before they are resent, out of order. It waits for the caller's restart().
        return Mono.error(new TransportException(
            "append session failed before this input was sent", current.failure, true, false));
      }
      if (current == null || current.failed) {
        current = new Session();
      }
      Mono<AppendAck> ack = current.send(input);
      if (ack != null) {
        return ack;
      }
    }
    return Mono.error(new IOException("append session failed on open"));
  }

  /**
   * Lets the next append open a new session after one failed with inputs waiting: call it once
   * every input sent so far has settled, before resending the failed ones in order.
   */
  public synchronized void restart() {
    if (current != null && !current.failed) {
      current.requests.tryEmitComplete();
    }
    current = null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (current != null) {
      current.requests.tryEmitComplete();
    }
  }

  private final class Session {
    // bounded in practice by the sink's in-flight budget
    final Sinks.Many<ByteBuf> requests =
        Sinks.many().unicast().onBackpressureBuffer(Queues.<ByteBuf>unbounded().get());
    final ArrayDeque<Sinks.One<AppendAck>> waiting = new ArrayDeque<>();
    volatile boolean failed;
    volatile boolean failedWaiters;
    volatile Throwable failure;

    Session() {
      transport
          .token()
          .flatMapMany(
              token ->
                  transport
                      .http2()
                      .headers(
                          h -> {
                            HttpTransport.authorize(h, token);
                            h.set(HttpHeaderNames.CONTENT_TYPE, S2sReadSession.CONTENT_TYPE);
                            if (compression != Compression.NONE) {
                              h.set(HttpHeaderNames.ACCEPT_ENCODING, compression.token());
                            }
                            headers.forEach(h::set);
                          })
                      .post()
                      .uri(uri)
                      .send(requests.asFlux())
                      .response(
                          (response, body) -> {
                            int status = response.status().code();
                            if (status != 200) {
                              return HttpTransport.sessionRefused(status, body);
                            }
                            S2sFrameDecoder decoder = new S2sFrameDecoder();
                            // decode inside onNext: Netty releases each buffer right after it
                            return body.map(
                                    buf -> {
                                      java.util.List<S2sFrame> frames =
                                          new java.util.ArrayList<>(1);
                                      decoder.decode(buf, frames::add);
                                      return frames;
                                    })
                                .concatMapIterable(frames -> frames);
                          }))
          // Reactor Netty keeps the last stream's acquisition on the HTTP/2 connection until the
          // next stream opens: let it keep a detached stub, not this session and its waiters
          .onTerminateDetach()
          .subscribe(this::onFrame, this::onError, this::onEnd);
    }

    /**
     * Sends one input, or returns null when the session has already failed or ended: a waiter
     * added after that would never be answered.
     */
    synchronized Mono<AppendAck> send(AppendInput input) {
      if (failed) {
        return null;
      }
      Sinks.One<AppendAck> ack = Sinks.one();
      waiting.add(ack);
      byte[] frame = S2sFrames.message(ProtoCodec.encode(input), compression);
      Sinks.EmitResult result = requests.tryEmitNext(Unpooled.wrappedBuffer(frame));
      if (result.isFailure()) {
        waiting.remove(ack);
        return Mono.error(new IOException("append session is not accepting input: " + result));
      }
      return ack.asMono();
    }

    private void onFrame(S2sFrame frame) {
      if (frame instanceof S2sFrame.Message m) {
        Sinks.One<AppendAck> next;
        synchronized (this) {
          next = waiting.poll();
        }
        if (next != null) {
          next.tryEmitValue(ProtoCodec.decodeAppendAck(BytesInternals.array(m.body())));
        }
      } else if (frame instanceof S2sFrame.Terminal t) {
        onError(S2Json.errorFromResponse(t.status(), t.json().getBytes(StandardCharsets.UTF_8)));
      }
    }

    private void onError(Throwable error) {
      java.util.List<Sinks.One<AppendAck>> pending;
      synchronized (this) {
        if (failed) {
          return;
        }
        failed = true;
        failure = error;
        failedWaiters = !waiting.isEmpty();
        pending = new java.util.ArrayList<>(waiting);
        waiting.clear();
      }
      requests.tryEmitComplete();
      for (Sinks.One<AppendAck> one : pending) {
        one.tryEmitError(error);
      }
    }

    private void onEnd() {
      boolean unanswered;
      synchronized (this) {
        unanswered = !waiting.isEmpty();
        if (!unanswered) {
          failed = true; // the session is over; the next append opens a new one
        }
      }
      if (unanswered) {
        onError(new IOException("append session ended before acknowledging every input"));
      } else {
        requests.tryEmitComplete();
      }
    }
  }
}

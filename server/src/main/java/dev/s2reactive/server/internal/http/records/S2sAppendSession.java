package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrame;
import dev.s2reactive.core.internal.codec.s2s.S2sFrameDecoder;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.internal.validation.AppendValidation;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.server.internal.engine.ActiveStream;
import dev.s2reactive.server.internal.engine.AppendChain;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An s2s append session (protocol §9.3): {@code AppendInput} frames in, one {@code AppendAck}
 * frame per input out, in order. Inputs are validated and handed to the stream as they arrive, up
 * to {@link #PIPELINE_DEPTH} ahead of the oldest unacknowledged one, so the client's body is read
 * only as fast as acks are written (the socket's writability drives demand). The first failure —
 * an undecodable or terminal frame from the client (400 {@code bad_frame}), an invalid input
 * (422), a forbidden command (403) or a failed append (e.g. 412) — is answered with a terminal
 * frame once the acks before it are out, and ends the session: no later input is submitted or
 * acknowledged. Inputs already handed to the stream before a failed append was known (at most the
 * pipeline depth) are not recalled, as with any pipelined writer; clients that need all-or-nothing
 * use {@code match_seq_num}. When the client ends its body the outstanding acks are drained and the
 * response ends; when the server shuts down, the same happens and a terminal 503 {@code
 * server_draining} follows.
 */
final class S2sAppendSession {

  /** Appends in flight per session before the session stops reading its input. */
  static final int PIPELINE_DEPTH = 32;

  private S2sAppendSession() {}

  /**
   * The response frames.
   *
   * @param authorize checks the permissions an input's command records need; throws when denied
   */
  static Flux<ByteBuf> run(
      Flux<ByteBuf> inbound,
      ActiveStream stream,
      Compression compression,
      Consumer<AppendInput> authorize) {
    return Flux.defer(() -> {
      S2sFrameDecoder decoder = new S2sFrameDecoder();
      AtomicBoolean poisoned = new AtomicBoolean();
      AppendChain chain = new AppendChain();
      Sinks.Empty<Void> inboundDone = Sinks.empty();
      Flux<Object> fromClient = inbound
          // Decode inside onNext: Reactor Netty releases each chunk once onNext returns.
          .map(chunk -> decode(decoder, chunk, authorize))
          .concatMapIterable(decoded -> decoded)
          .concatWith(Mono.<Object>fromRunnable(decoder::finish)
              .onErrorResume(error -> Mono.just(asBadFrame(error))))
          .doFinally(signal -> inboundDone.tryEmitEmpty());
      // A shutting-down server ends the session like a failed input: a terminal 503
      // server_draining once the acks of the inputs already submitted are out. The client's body
      // is not cancelled before that (on HTTP/2 that could reset the stream before the terminal).
      Flux<Object> draining = stream.whenDraining()
          .takeUntilOther(inboundDone.asMono())
          .cast(Object.class)
          .flux();
      Flux<Object> items = Flux.merge(fromClient, draining);
      return items
          .map(item -> submit(item, stream, chain, compression, poisoned))
          .concatMap(reply -> reply, PIPELINE_DEPTH)
          .takeUntil(Reply::terminal)
          .map(reply -> Unpooled.wrappedBuffer(reply.frame()));
    });
  }

  /** An encoded frame to send; the session ends after a terminal one. */
  private record Reply(byte[] frame, boolean terminal) {}

  private static Mono<Reply> submit(
      Object item,
      ActiveStream stream,
      AppendChain chain,
      Compression compression,
      AtomicBoolean poisoned) {
    if (poisoned.get()) {
      return Mono.empty();
    }
    if (item instanceof Throwable error) {
      poisoned.set(true);
      return Mono.just(new Reply(S2sReadSession.terminal(error), true));
    }
    CompletableFuture<AppendAck> ack = stream.append((AppendInput) item, chain);
    return Mono.fromFuture(ack, true)
        .map(a -> new Reply(S2sFrames.message(ProtoCodec.encode(a), compression), false))
        .onErrorResume(error -> {
          poisoned.set(true);
          return Mono.just(new Reply(S2sReadSession.terminal(error), true));
        });
  }

  /** The inputs (or the failure, as a Throwable, in its place) of one chunk of the body. */
  private static List<Object> decode(
      S2sFrameDecoder decoder, ByteBuf chunk, Consumer<AppendInput> authorize) {
    List<Object> out = new ArrayList<>(2);
    try {
      decoder.decode(chunk, frame -> out.add(input(frame, authorize)));
    } catch (RuntimeException e) {
      out.add(asBadFrame(e));
    }
    return out;
  }

  private static Object input(S2sFrame frame, Consumer<AppendInput> authorize) {
    if (frame instanceof S2sFrame.Terminal) {
      return S2Exception.of(ErrorCode.BAD_FRAME, "unexpected terminal frame from the client");
    }
    AppendInput input;
    try {
      input = ProtoCodec.decodeAppendInput(
          BytesInternals.array(((S2sFrame.Message) frame).body()));
    } catch (RuntimeException e) {
      return asBadFrame(e);
    }
    try {
      RecordRoutes.checkFencingToken(input);
      AppendValidation.validate(input);
      authorize.accept(input);
      return input;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static S2Exception asBadFrame(Throwable error) {
    if (error instanceof S2Exception s2 && s2.code().equals(ErrorCode.BAD_FRAME.wireName())) {
      return s2;
    }
    return S2Exception.of(ErrorCode.BAD_FRAME, "invalid frame: " + error.getMessage());
  }
}

package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.core.internal.codec.json.ErrorResponse;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.s2s.Compression;
import dev.s2reactive.core.internal.codec.s2s.S2sFrames;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.server.internal.engine.SharedBatch;
import dev.s2reactive.server.internal.http.ErrorResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The frames of an s2s read session (protocol §9.3): one {@code ReadBatch} frame per batch
 * (heartbeats are batches without records), compressed per message with the session's
 * compression; a failure ends the session with a terminal frame; a normal end is just the end of
 * the body. Live batches share one encoded frame per compression across all followers.
 */
final class S2sReadSession {

  private S2sReadSession() {}

  static Flux<ByteBuf> frames(Flux<SharedBatch> batches, Compression compression) {
    int slot = EncodingSlots.s2sFrame(compression);
    return batches
        .map(batch -> Unpooled.wrappedBuffer(
            batch.<byte[]>encoded(slot, b -> frame(b, compression))))
        .onErrorResume(error -> Mono.just(Unpooled.wrappedBuffer(terminal(error))));
  }

  static byte[] frame(ReadBatch batch, Compression compression) {
    byte[] buffer = new byte[S2sFrames.HEADER_SIZE + ProtoCodec.encodedSize(batch)];
    ProtoCodec.encode(batch, buffer, S2sFrames.HEADER_SIZE);
    return S2sFrames.messageInPlace(buffer, compression, false);
  }

  static byte[] terminal(Throwable error) {
    ErrorResponse rendered = ErrorResponses.render(error);
    return S2sFrames.terminal(rendered.status(), rendered.body());
  }
}

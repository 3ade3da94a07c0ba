package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.core.internal.codec.json.RecordFormat;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.codec.sse.LastEventId;
import dev.s2reactive.core.internal.codec.sse.SseEncoder;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.internal.engine.SharedBatch;
import dev.s2reactive.server.internal.http.ErrorResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The events of an SSE read session (protocol §8): a {@code batch} event per batch with the id
 * {@code seq_num,count,bytes} (cumulative, starting from the resumed {@code Last-Event-ID}
 * counters), a {@code ping} per heartbeat, {@code data: [DONE]} at a normal end, and an {@code
 * error} event (then nothing) on failure. Live batches share one JSON encoding per format across
 * all followers. Backpressure is the source's: one event per batch, produced on demand.
 */
final class SseReadSession {

  private static final byte[] BATCH_PREFIX =
      "event: batch\nid: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_PREFIX = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

  private SseReadSession() {}

  /**
   * The encoded events.
   *
   * @param count records already delivered to this client before this response (from {@code
   *     Last-Event-ID}, else 0)
   * @param bytes metered bytes already delivered likewise
   */
  static Flux<ByteBuf> events(
      Flux<SharedBatch> batches, RecordFormat format, long count, long bytes) {
    return Flux.defer(() -> {
      long[] delivered = {count, bytes};
      return batches
          .map(batch -> encode(batch, format, delivered))
          .concatWith(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(SseEncoder.done())))
          .onErrorResume(error -> Mono.just(Unpooled.wrappedBuffer(
              SseEncoder.error(ErrorResponses.render(error).body()))));
    });
  }

  private static ByteBuf encode(SharedBatch shared, RecordFormat format, long[] delivered) {
    ReadBatch batch = shared.batch();
    List<SequencedRecord> records = batch.records();
    if (records.isEmpty()) {
      return Unpooled.wrappedBuffer(SseEncoder.ping(
          System.currentTimeMillis(), batch.tail().orElseThrow()));
    }
    delivered[0] += records.size();
    delivered[1] += batch.meteredBytes();
    LastEventId id = new LastEventId(
        records.get(records.size() - 1).seqNum(), delivered[0], delivered[1]);
    byte[] json = shared.encoded(
        EncodingSlots.json(format), b -> S2Json.encodeReadBatch(b, format));
    return Unpooled.wrappedBuffer(
        BATCH_PREFIX, id.format().getBytes(StandardCharsets.US_ASCII), DATA_PREFIX, json,
        EVENT_END);
  }
}

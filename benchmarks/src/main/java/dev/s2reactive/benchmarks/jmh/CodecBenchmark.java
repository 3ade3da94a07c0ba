package dev.s2reactive.benchmarks.jmh;

import dev.s2reactive.benchmarks.internal.Workload;
import dev.s2reactive.core.internal.codec.json.RecordFormat;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.codec.proto.ProtoCodec;
import dev.s2reactive.core.internal.codec.sse.LastEventId;
import dev.s2reactive.core.internal.codec.sse.SseDecoder;
import dev.s2reactive.core.internal.codec.sse.SseEncoder;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Codec cost per record for a batch of 100 bench records (hash header + random body): JSON
 * (base64, what the SDKs send by default over HTTP) and protobuf (s2s sessions) for append
 * inputs and read batches, and SSE framing of a read batch. Run with {@code -prof gc} for bytes
 * allocated per record ({@code gc.alloc.rate.norm} is per record: one batch counts as 100 ops).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(CodecBenchmark.BATCH)
public class CodecBenchmark {

  static final int BATCH = 100;

  @Param({"128", "1024"})
  public int recordSize;

  private AppendInput input;
  private ReadBatch batch;
  private byte[] inputJson;
  private byte[] inputProto;
  private byte[] batchJson;
  private byte[] batchProto;
  private byte[] batchSse;

  @Setup
  public void setUp() {
    Workload workload = new Workload(recordSize, 1);
    List<AppendRecord> records = new ArrayList<>();
    List<SequencedRecord> sequenced = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      AppendRecord r = workload.next(i);
      records.add(r);
      sequenced.add(new SequencedRecord(i, i, r.headers(), r.body()));
    }
    input = AppendInput.of(records);
    batch = ReadBatch.of(sequenced, StreamPosition.of(BATCH, BATCH));
    inputJson = S2Json.encodeAppendInput(input, RecordFormat.BASE64);
    inputProto = ProtoCodec.encode(input);
    batchJson = S2Json.encodeReadBatch(batch, RecordFormat.BASE64);
    batchProto = ProtoCodec.encode(batch);
    batchSse = SseEncoder.batch(new LastEventId(BATCH, BATCH, BATCH * recordSize), batchJson);
  }

  @Benchmark
  public byte[] jsonEncodeAppendInput() {
    return S2Json.encodeAppendInput(input, RecordFormat.BASE64);
  }

  @Benchmark
  public AppendInput jsonDecodeAppendInput() {
    return S2Json.decodeAppendInput(inputJson, RecordFormat.BASE64);
  }

  @Benchmark
  public byte[] protoEncodeAppendInput() {
    return ProtoCodec.encode(input);
  }

  @Benchmark
  public AppendInput protoDecodeAppendInput() {
    return ProtoCodec.decodeAppendInput(inputProto);
  }

  @Benchmark
  public byte[] jsonEncodeReadBatch() {
    return S2Json.encodeReadBatch(batch, RecordFormat.BASE64);
  }

  @Benchmark
  public ReadBatch jsonDecodeReadBatch() {
    return S2Json.decodeReadBatch(batchJson, RecordFormat.BASE64);
  }

  @Benchmark
  public byte[] protoEncodeReadBatch() {
    return ProtoCodec.encode(batch);
  }

  @Benchmark
  public ReadBatch protoDecodeReadBatch() {
    return ProtoCodec.decodeReadBatch(batchProto);
  }

  /** JSON-encodes the batch and frames it as one SSE event (what an SSE reader is sent). */
  @Benchmark
  public byte[] sseEncodeBatch() {
    return SseEncoder.batch(new LastEventId(BATCH, BATCH, BATCH * recordSize),
        S2Json.encodeReadBatch(batch, RecordFormat.BASE64));
  }

  /** Splits the SSE event and decodes its JSON batch (what an SSE reader does). */
  @Benchmark
  public void sseDecodeBatch(Blackhole blackhole) {
    new SseDecoder().decode(batchSse, event ->
        blackhole.consume(S2Json.decodeReadBatch(
            event.data().getBytes(java.nio.charset.StandardCharsets.UTF_8), RecordFormat.BASE64)));
  }
}

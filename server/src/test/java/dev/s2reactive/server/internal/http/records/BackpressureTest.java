package dev.s2reactive.server.internal.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.internal.codec.json.RecordFormat;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.codec.sse.SseDecoder;
import dev.s2reactive.core.internal.codec.sse.SseEvent;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.internal.engine.ActiveStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reader that stops reading its socket stalls only itself: appends and other readers go on,
 * and the stalled reader later receives every record exactly once, in order.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BackpressureTest {

  private static final int BATCHES = 40;
  private static final int BODY_BYTES = 500 * 1024;

  @Test
  void aStalledSseReaderStallsOnlyItself() throws Exception {
    try (RecordsServer server = new RecordsServer();
        Socket slow = new Socket()) {
      String name = "backpressure";
      ActiveStream stream = server.create(RecordsServer.BASIN, name);
      String path = "/v1/streams/" + name + "/records?seq_num=0&wait=30&count=" + BATCHES;

      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
      slow.setSoTimeout(30_000);
      OutputStream out = slow.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\ns2-basin: " + RecordsServer.BASIN
          + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RawHttp.ChunkedReader slowBody = new RawHttp.ChunkedReader(slow.getInputStream());
      assertThat(slowBody.head()).startsWith("HTTP/1.1 200");

      HttpResponse<InputStream> fast = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.base() + path))
              .header("s2-basin", RecordsServer.BASIN)
              .header("accept", "text/event-stream")
              .build(),
          HttpResponse.BodyHandlers.ofInputStream());

      byte[] body = new byte[BODY_BYTES];
      for (int i = 0; i < BATCHES; i++) {
        body[0] = (byte) ('a' + i % 26);
        stream.append(AppendInput.of(AppendRecord.of(new String(body, StandardCharsets.ISO_8859_1)
                .replace('\0', 'x'))))
            .get(20, TimeUnit.SECONDS);
      }

      List<SequencedRecord> fastRecords = new ArrayList<>();
      SseDecoder fastDecoder = new SseDecoder();
      byte[] buffer = new byte[64 * 1024];
      boolean done = false;
      try (InputStream in = fast.body()) {
        while (!done) {
          int n = in.read(buffer);
          assertThat(n).as("fast reader ended early").isPositive();
          List<SseEvent> events = new ArrayList<>();
          fastDecoder.decode(buffer, 0, n, events::add);
          for (SseEvent event : events) {
            done |= collect(event, fastRecords);
          }
        }
      }
      assertRecords(fastRecords);

      // Only now does the stalled reader read: everything, in order, then [DONE].
      List<SequencedRecord> slowRecords = new ArrayList<>();
      SseDecoder slowDecoder = new SseDecoder();
      done = false;
      while (!done) {
        byte[] chunk = slowBody.chunk();
        assertThat(chunk).as("slow reader ended early").isNotNull();
        List<SseEvent> events = new ArrayList<>();
        slowDecoder.decode(chunk, events::add);
        for (SseEvent event : events) {
          done |= collect(event, slowRecords);
        }
      }
      assertRecords(slowRecords);
    }
  }

  /** Adds a batch's records; true at [DONE]. */
  private static boolean collect(SseEvent event, List<SequencedRecord> records) {
    if (event.data().equals("[DONE]")) {
      return true;
    }
    if (event.type().equals("batch")) {
      records.addAll(S2Json.decodeReadBatch(
          event.data().getBytes(StandardCharsets.UTF_8), RecordFormat.RAW).records());
    } else {
      assertThat(event.type()).isEqualTo("ping");
    }
    return false;
  }

  private static void assertRecords(List<SequencedRecord> records) {
    assertThat(records).hasSize(BATCHES);
    for (int i = 0; i < BATCHES; i++) {
      assertThat(records.get(i).seqNum()).isEqualTo(i);
      assertThat(records.get(i).body().size()).isEqualTo(BODY_BYTES);
      assertThat(records.get(i).body().byteAt(0)).isEqualTo((byte) ('a' + i % 26));
    }
  }
}

package dev.s2reactive.server.internal.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.internal.codec.json.RecordFormat;
import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.internal.codec.sse.SseDecoder;
import dev.s2reactive.core.internal.codec.sse.SseEvent;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.server.internal.engine.ActiveStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SSE read sessions parsed from real HTTP/1.1 and HTTP/2 responses. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SseReadTest {

  private static RecordsServer server;
  private static final AtomicInteger STREAMS = new AtomicInteger();

  @BeforeAll
  static void start() {
    server = new RecordsServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpClient client(HttpClient.Version version) {
    return HttpClient.newBuilder().version(version).build();
  }

  private static String freshStream() {
    return "sse/s" + STREAMS.incrementAndGet();
  }

  private static HttpRequest.Builder sse(String stream, String query) {
    return HttpRequest.newBuilder(URI.create(server.base() + "/v1/streams/"
            + stream.replace("/", "%2F") + "/records" + query))
        .header("s2-basin", RecordsServer.BASIN)
        .header("accept", "text/event-stream");
  }

  private static ActiveStream stream(String name) {
    return server.create(RecordsServer.BASIN, name);
  }

  private static void append(ActiveStream stream, String... bodies) throws Exception {
    List<AppendRecord> records = new ArrayList<>();
    for (String body : bodies) {
      records.add(AppendRecord.of(body));
    }
    stream.append(AppendInput.of(records)).get(10, TimeUnit.SECONDS);
  }

  /** Blocking event reader over a streaming response body. */
  private static final class Events implements AutoCloseable {
    final HttpResponse<InputStream> response;
    private final SseDecoder decoder = new SseDecoder();
    private final ArrayDeque<SseEvent> ready = new ArrayDeque<>();
    private final byte[] buffer = new byte[8192];

    Events(HttpClient client, HttpRequest.Builder request) throws Exception {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The next event, or null at the end of the body. */
    SseEvent next() throws IOException {
      while (ready.isEmpty()) {
        int n = response.body().read(buffer);
        if (n < 0) {
          return null;
        }
        decoder.decode(buffer, 0, n, ready::add);
      }
      return ready.poll();
    }

    List<SseEvent> rest() throws IOException {
      List<SseEvent> events = new ArrayList<>();
      for (SseEvent e; (e = next()) != null; ) {
        events.add(e);
      }
      return events;
    }

    @Override
    public void close() throws IOException {
      response.body().close();
    }
  }

  private static ReadBatch batch(SseEvent event) {
    assertThat(event.type()).isEqualTo("batch");
    return S2Json.decodeReadBatch(event.data().getBytes(StandardCharsets.UTF_8), RecordFormat.RAW);
  }

  private static List<String> bodies(ReadBatch batch) {
    return batch.records().stream().map(r -> r.body().utf8()).toList();
  }

  @ParameterizedTest
  @EnumSource(HttpClient.Version.class)
  void boundedReadEndsWithDone(HttpClient.Version version) throws Exception {
    String name = freshStream();
    append(stream(name), "a", "bb", "ccc", "dddd");
    try (Events events = new Events(client(version), sse(name, "?seq_num=1&count=2"))) {
      assertThat(events.response.statusCode()).isEqualTo(200);
      assertThat(events.response.headers().firstValue("content-type"))
          .hasValue("text/event-stream");
      assertThat(events.response.headers().firstValue("cache-control"))
          .hasValue("no-cache, no-transform");
      assertThat(events.response.headers().firstValue("x-accel-buffering")).hasValue("no");
      List<SseEvent> all = events.rest();
      assertThat(all).hasSize(2);
      ReadBatch batch = batch(all.get(0));
      assertThat(bodies(batch)).containsExactly("bb", "ccc");
      assertThat(batch.tail()).isEmpty();
      assertThat(all.get(0).id()).hasValue("2,2," + (10 + 11));
      assertThat(all.get(1).type()).isEqualTo(SseEvent.DEFAULT_TYPE);
      assertThat(all.get(1).data()).isEqualTo("[DONE]");
    }
  }

  @Test
  void doneIsSentWithoutAnEventLine() throws Exception {
    String name = freshStream();
    append(stream(name), "x");
    HttpResponse<String> response = client(HttpClient.Version.HTTP_1_1).send(
        sse(name, "?seq_num=0&wait=0").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).endsWith("\n\ndata: [DONE]\n\n");
    assertThat(response.body()).startsWith("event: batch\nid: 0,1,9\ndata: {\"records\":[");
  }

  @ParameterizedTest
  @EnumSource(HttpClient.Version.class)
  void catchUpThenPingThenLiveBatchesWithTail(HttpClient.Version version) throws Exception {
    String name = freshStream();
    ActiveStream stream = stream(name);
    append(stream, "one", "two");
    try (Events events = new Events(client(version), sse(name, "?seq_num=0"))) {
      ReadBatch caughtUp = batch(events.next());
      assertThat(bodies(caughtUp)).containsExactly("one", "two");
      SseEvent ping = events.next();
      assertThat(ping.type()).isEqualTo("ping");
      assertThat(ping.data()).matches("\\{\"timestamp\":[0-9]+,\"tail\":\\{\"seq_num\":2,"
          + "\"timestamp\":[0-9]+}}");
      append(stream, "three");
      SseEvent live = events.next();
      while (live.type().equals("ping")) {
        live = events.next();
      }
      ReadBatch liveBatch = batch(live);
      assertThat(bodies(liveBatch)).containsExactly("three");
      assertThat(liveBatch.tail()).isPresent();
      assertThat(liveBatch.tail().get().seqNum()).isEqualTo(3);
      assertThat(live.id()).hasValue("2,3," + (11 + 11 + 13));
      // With nothing flowing, heartbeats keep coming.
      SseEvent heartbeat = events.next();
      assertThat(heartbeat.type()).isEqualTo("ping");
    }
  }

  @Test
  void resumingTwiceWithLastEventIdKeepsLimitsExact() throws Exception {
    String name = freshStream();
    ActiveStream stream = stream(name);
    append(stream, "r0", "r1", "r2");
    HttpClient client = client(HttpClient.Version.HTTP_1_1);
    String query = "?seq_num=0&count=7&wait=5";
    List<SequencedRecord> received = new ArrayList<>();
    String lastId;
    try (Events first = new Events(client, sse(name, query))) {
      SseEvent e = first.next();
      received.addAll(batch(e).records());
      assertThat(e.id()).hasValue("2,3,30");
      append(stream, "r3", "r4");
      e = nextBatch(first);
      received.addAll(batch(e).records());
      assertThat(e.id()).hasValue("4,5,50");
      lastId = e.id().get();
    } // the connection drops
    try (Events second = new Events(client, sse(name, query).header("Last-Event-ID", lastId))) {
      assertThat(second.response.statusCode()).isEqualTo(200);
      SseEvent ping = second.next();
      assertThat(ping.type()).isEqualTo("ping");
      append(stream, "r5");
      SseEvent e = nextBatch(second);
      received.addAll(batch(e).records());
      assertThat(e.id()).as("counters continue from Last-Event-ID").hasValue("5,6,60");
      lastId = e.id().get();
    }
    try (Events third = new Events(client, sse(name, query).header("Last-Event-ID", lastId))) {
      append(stream, "r6", "r7");
      SseEvent e = nextBatch(third);
      received.addAll(batch(e).records());
      assertThat(e.id()).hasValue("6,7,70");
      assertThat(third.rest()).extracting(SseEvent::data).containsExactly("[DONE]");
    }
    assertThat(received).extracting(r -> r.body().utf8())
        .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
    // Resuming after everything was delivered (the [DONE] was lost) just ends the session.
    try (Events fourth = new Events(client,
        sse(name, query.replace("wait=5", "wait=0")).header("Last-Event-ID", "7,7,80"))) {
      assertThat(fourth.response.statusCode()).isEqualTo(200);
      assertThat(fourth.rest()).extracting(SseEvent::data).containsExactly("[DONE]");
    }
  }

  private static SseEvent nextBatch(Events events) throws IOException {
    SseEvent e = events.next();
    while (e != null && e.type().equals("ping")) {
      e = events.next();
    }
    assertThat(e).isNotNull();
    return e;
  }

  @Test
  void errorsBeforeTheStreamAreJsonAndDuringItAreErrorEvents() throws Exception {
    String name = freshStream();
    ActiveStream stream = stream(name);
    append(stream, "a");
    HttpClient client = client(HttpClient.Version.HTTP_1_1);
    HttpResponse<String> beyond =
        client.send(sse(name, "?seq_num=5").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(beyond.body()).startsWith("{\"tail\":{\"seq_num\":1,");

    HttpResponse<String> badId = client.send(
        sse(name, "?seq_num=0").header("Last-Event-ID", "3,4").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.body())
        .isEqualTo("{\"code\":\"bad_header\",\"message\":\"missing bytes in Last-Event-Id\"}");

    try (Events events = new Events(client, sse(name, "?seq_num=0"))) {
      assertThat(batch(events.next()).records()).hasSize(1);
      server.engine.delete(stream.streamId());
      SseEvent e = events.next();
      while (e.type().equals("ping")) {
        e = events.next();
      }
      assertThat(e.type()).isEqualTo("error");
      assertThat(e.data()).startsWith("{\"code\":\"stream_deletion_pending\",\"message\":");
      assertThat(events.next()).as("no [DONE] after an error").isNull();
    }
  }

  @Test
  void base64FormatAppliesToSse() throws Exception {
    String name = freshStream();
    append(stream(name), "hi");
    HttpResponse<String> response = client(HttpClient.Version.HTTP_1_1).send(
        sse(name, "?seq_num=0&count=1").header("s2-format", "base64").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).contains("\"body\":\"aGk=\"");
  }
}

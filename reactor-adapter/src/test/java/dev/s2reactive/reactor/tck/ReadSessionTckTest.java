package dev.s2reactive.reactor.tck;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.SequencedRecord;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.List;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * Reactive Streams TCK for the read publisher ({@code S2Stream.read}), over a loopback server that
 * streams {@code count} records by SSE (endless without a count) and 404s stream "missing".
 */
public class ReadSessionTckTest extends PublisherVerification<SequencedRecord> {

  private DisposableServer server;
  private S2Client client;

  public ReadSessionTckTest() {
    super(new TestEnvironment(500, 200));
  }

  @BeforeClass
  public void start() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .protocol(HttpProtocol.HTTP11)
            .handle(
                (req, res) -> {
                  if (req.uri().startsWith("/v1/streams/missing/")) {
                    return res.status(404)
                        .header("content-type", "application/json")
                        .sendString(
                            Mono.just("{\"code\":\"stream_not_found\",\"message\":\"missing\"}"));
                  }
                  List<String> count = new QueryStringDecoder(req.uri()).parameters().get("count");
                  long start =
                      Long.parseLong(
                          new QueryStringDecoder(req.uri()).parameters().get("seq_num").get(0));
                  long n = count == null ? Long.MAX_VALUE : Long.parseLong(count.get(0));
                  Flux<String> events =
                      Flux.<Long, Long>generate(
                              () -> start,
                              (i, sink) -> {
                                sink.next(i);
                                return i + 1;
                              })
                          .take(n)
                          .map(
                              i ->
                                  "event: batch\ndata: {\"records\":[{\"seq_num\":"
                                      + i
                                      + ",\"timestamp\":0}]}\n\n")
                          .concatWith(Mono.just("data: [DONE]\n\n"));
                  return res.header("content-type", "text/event-stream").sendString(events);
                })
            .bindNow();
    String endpoint = "http://127.0.0.1:" + server.port();
    client =
        S2Client.create(
            S2ClientOptions.builder()
                .endpoints(endpoint, endpoint)
                .transport(TransportPreference.SSE)
                .build());
    // warm the read and error paths (connection, JIT) before the timed rules
    Flux.from(createPublisher(1)).blockLast(Duration.ofSeconds(20));
    Flux.from(createFailedPublisher())
        .onErrorResume(e -> Flux.empty())
        .blockLast(Duration.ofSeconds(20));
  }

  @AfterClass
  public void stop() {
    client.close();
    server.disposeNow();
  }

  @Override
  public Publisher<SequencedRecord> createPublisher(long elements) {
    ReadSpec spec = ReadSpec.from(StartAt.seqNum(0));
    if (elements < Long.MAX_VALUE) {
      spec = spec.withCount(elements);
    }
    return client.basin("tck-basin").stream("s").read(spec);
  }

  @Override
  public Publisher<SequencedRecord> createFailedPublisher() {
    return client.basin("tck-basin").stream("missing").read(ReadSpec.from(StartAt.seqNum(0)));
  }

  @Override
  public long maxElementsFromPublisher() {
    return Long.MAX_VALUE - 1;
  }
}

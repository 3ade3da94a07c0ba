package dev.s2reactive.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.AppendOptions;
import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.TransportPreference;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.server.S2Server;
import dev.s2reactive.testkit.S2ServerExtension;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads, appends and management calls through the RxJava adapter against the embedded server (auth
 * on), on both transports. Every test also asserts that nothing reached {@code
 * RxJavaPlugins.onError}.
 */
class RxRecordsTest {

  @RegisterExtension static final S2ServerExtension S2 = new S2ServerExtension();

  private static final String BASIN = "rx-records-basin";
  private static final AtomicInteger STREAMS = new AtomicInteger();
  private static final long TIMEOUT_SECONDS = 20;
  private static final Pattern STREAMING_SESSIONS =
      Pattern.compile("s2_read_sessions_active\\{mode=\"streaming\"[^}]*\\} ([0-9.eE+-]+)");

  private static S2Client sse;
  private static S2Client s2s;

  private final List<Throwable> undeliverable = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() {
    S2Server server = S2.server();
    String endpoint = server.endpoint().toString();
    S2ClientOptions base =
        S2ClientOptions.builder()
            .endpoints(endpoint, endpoint)
            .accessToken(server.rootToken().orElseThrow())
            .build();
    sse = S2Client.create(base.mutate().transport(TransportPreference.SSE).build());
    s2s = S2Client.create(base.mutate().transport(TransportPreference.S2S).build());
    RxS2Client.from(sse)
        .createBasin(CreateBasinRequest.of(BASIN))
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .blockingGet();
  }

  @AfterAll
  static void close() {
    sse.close();
    s2s.close();
  }

  @BeforeEach
  void catchUndeliverable() {
    RxJavaPlugins.setErrorHandler(undeliverable::add);
  }

  @AfterEach
  void assertNothingUndeliverable() {
    RxJavaPlugins.reset();
    assertThat(undeliverable).isEmpty();
  }

  private static RxS2Client client(TransportPreference transport) {
    return RxS2Client.from(transport == TransportPreference.SSE ? sse : s2s);
  }

  private static RxS2Stream newStream(TransportPreference transport) {
    String name = "rx-" + STREAMS.incrementAndGet();
    RxS2Basin basin = client(transport).basin(BASIN);
    awaited(basin.createStream(CreateStreamRequest.of(name))).assertComplete();
    return basin.stream(name);
  }

  private static List<AppendRecord> records(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> AppendRecord.of("r" + i))
        .toList();
  }

  /** Appends r{from}..r{to - 1} as one batch and waits for its acknowledgement. */
  private static void append(RxS2Stream stream, int from, int to) {
    awaited(stream.append(AppendInput.of(records(from, to)))).assertComplete();
  }

  private static <T> TestObserver<T> awaited(Single<T> single) {
    return single.test().awaitDone(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static TestObserver<Void> awaited(Completable completable) {
    return completable.test().awaitDone(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static <T> TestSubscriber<T> awaited(Flowable<T> flowable) {
    return flowable.test().awaitDone(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void appendsThenReadsBoundedAndChecksTail(TransportPreference transport) {
    RxS2Stream stream = newStream(transport);

    TestObserver<AppendAck> ack = awaited(stream.append(AppendInput.of(records(0, 3))));
    ack.assertComplete().assertValueCount(1);
    assertThat(ack.values().get(0).start().seqNum()).isZero();
    assertThat(ack.values().get(0).end().seqNum()).isEqualTo(3);

    TestObserver<StreamPosition> tail = awaited(stream.checkTail());
    tail.assertComplete();
    assertThat(tail.values().get(0).seqNum()).isEqualTo(3);

    TestSubscriber<SequencedRecord> read =
        awaited(stream.read(ReadSpec.from(StartAt.seqNum(0)).withCount(3)));
    read.assertComplete().assertNoErrors();
    assertThat(read.values()).extracting(SequencedRecord::seqNum).containsExactly(0L, 1L, 2L);
    assertThat(read.values()).extracting(r -> r.body().utf8()).containsExactly("r0", "r1", "r2");

    TestSubscriber<ReadBatch> batches =
        awaited(stream.readBatches(ReadSpec.from(StartAt.seqNum(1)).withCount(2)));
    batches.assertComplete().assertNoErrors();
    assertThat(batches.values())
        .flatExtracting(ReadBatch::records)
        .extracting(SequencedRecord::seqNum)
        .containsExactly(1L, 2L);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void appendManyAcknowledgesEveryRecordInOrder(TransportPreference transport) {
    RxS2Stream stream = newStream(transport);

    Flowable<AppendRecord> source = Flowable.fromIterable(records(0, 500));
    TestSubscriber<AppendAck> acks = awaited(stream.appendMany(source, AppendOptions.defaults()));
    acks.assertComplete().assertNoErrors();
    long expected = 0;
    for (AppendAck a : acks.values()) {
      assertThat(a.start().seqNum()).isEqualTo(expected);
      expected = a.end().seqNum();
    }
    assertThat(expected).isEqualTo(500);

    TestSubscriber<SequencedRecord> read =
        awaited(stream.read(ReadSpec.from(StartAt.seqNum(0)).withCount(500)));
    read.assertComplete().assertValueCount(500);
    assertThat(read.values().get(499).body().utf8()).isEqualTo("r499");
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void appendSinkAsFlowableSubscriber(TransportPreference transport) {
    RxS2Stream stream = newStream(transport);
    RxAppendSink sink = stream.newSink(AppendOptions.defaults());
    TestSubscriber<AppendAck> acks = sink.acks().test();

    Flowable.fromIterable(records(0, 50)).subscribe(sink);

    acks.awaitDone(TIMEOUT_SECONDS, TimeUnit.SECONDS).assertComplete().assertNoErrors();
    assertThat(acks.values().get(acks.values().size() - 1).end().seqNum()).isEqualTo(50);
    TestObserver<StreamPosition> tail = awaited(stream.checkTail());
    assertThat(tail.values().get(0).seqNum()).isEqualTo(50);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void readHonoursDemand(TransportPreference transport) {
    RxS2Stream stream = newStream(transport);
    append(stream, 0, 20);

    TestSubscriber<SequencedRecord> read =
        stream.read(ReadSpec.from(StartAt.seqNum(0)).withCount(20)).test(0);
    read.requestMore(2);
    awaitTrue(() -> read.values().size() >= 2, "two records");
    assertThat(read.values()).hasSize(2);
    read.assertNotComplete();
    read.requestMore(18);
    read.awaitDone(TIMEOUT_SECONDS, TimeUnit.SECONDS).assertComplete().assertValueCount(20);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void disposingAFollowingReadClosesItsSessionWithoutUndeliverableErrors(
      TransportPreference transport) throws Exception {
    RxS2Stream stream = newStream(transport);
    append(stream, 0, 2);
    double before = streamingSessions();

    TestSubscriber<SequencedRecord> follow = stream.read(StartAt.seqNum(0)).test();
    awaitTrue(() -> follow.values().size() == 2, "the existing records");
    awaitTrue(() -> streamingSessions() >= before + 1, "the server to count the session");

    follow.cancel();

    awaitTrue(() -> streamingSessions() <= before, "the server to see the session closed");
    follow.assertNotComplete().assertNoErrors();
    assertThat(follow.values()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void aDisposedReadNoLongerReferencesItsSubscriber(TransportPreference transport) {
    RxS2Stream stream = newStream(transport);
    append(stream, 0, 2);

    WeakReference<TestSubscriber<SequencedRecord>> follower = followThenDispose(stream);

    // the pooled HTTP/2 connection outlives the read: it must not keep the subscriber (rule 3.13)
    awaitTrue(
        () -> {
          System.gc();
          return follower.get() == null;
        },
        "the disposed subscriber to be collected");
  }

  private static WeakReference<TestSubscriber<SequencedRecord>> followThenDispose(
      RxS2Stream stream) {
    TestSubscriber<SequencedRecord> follow = stream.read(StartAt.seqNum(0)).test();
    awaitTrue(() -> follow.values().size() == 2, "the existing records");
    follow.cancel();
    follow.assertNoErrors();
    return new WeakReference<>(follow);
  }

  @ParameterizedTest
  @EnumSource(TransportPreference.class)
  void disposingAppendManyCancelsTheRecordSourceWithoutUndeliverableErrors(
      TransportPreference transport) {
    RxS2Stream stream = newStream(transport);
    AtomicBoolean sourceCancelled = new AtomicBoolean();
    Flowable<AppendRecord> endless =
        Flowable.<AppendRecord, Long>generate(
                () -> 0L,
                (i, emitter) -> {
                  emitter.onNext(AppendRecord.of("e" + i));
                  return i + 1;
                })
            .doOnCancel(() -> sourceCancelled.set(true));

    TestSubscriber<AppendAck> acks = stream.appendMany(endless, AppendOptions.defaults()).test();
    awaitTrue(() -> acks.values().size() >= 2, "two acknowledgements");
    acks.cancel();

    awaitTrue(sourceCancelled::get, "the record source to be cancelled");
    acks.assertNoErrors().assertNotComplete();
    long acknowledged = acks.values().get(acks.values().size() - 1).end().seqNum();
    TestObserver<StreamPosition> tail = awaited(stream.checkTail());
    tail.assertComplete();
    assertThat(tail.values().get(0).seqNum()).isGreaterThanOrEqualTo(acknowledged);
    // the stream takes a new writer afterwards
    awaited(stream.appendMany(Flowable.fromIterable(records(0, 3)), AppendOptions.defaults()))
        .assertComplete()
        .assertNoErrors();
  }

  @Test
  void disposingASubscribeCallbackChainReportsNothing() {
    RxS2Stream stream = newStream(TransportPreference.S2S);
    AtomicInteger seen = new AtomicInteger();
    Disposable d =
        stream
            .read(StartAt.seqNum(0))
            .subscribe(r -> seen.incrementAndGet(), undeliverable::add);
    append(stream, 0, 1);
    awaitTrue(() -> seen.get() == 1, "the live record");
    d.dispose();
    assertThat(d.isDisposed()).isTrue();
    // a later append wakes the closed follower's server side; nothing may surface in the client
    append(stream, 1, 2);
    assertThat(seen).hasValue(1);
  }

  @Test
  void managementCalls() {
    RxS2Basin basin = client(TransportPreference.S2S).basin(BASIN);
    awaited(basin.createStream(CreateStreamRequest.of("rx-managed"))).assertComplete();
    TestSubscriber<StreamInfo> listed = awaited(basin.listStreams("rx-managed"));
    listed.assertComplete();
    assertThat(listed.values()).extracting(StreamInfo::name).containsExactly("rx-managed");
    awaited(basin.getStreamConfig("rx-managed")).assertComplete().assertValueCount(1);
    awaited(basin.deleteStream("rx-managed")).assertComplete();
    awaited(basin.getStreamConfig("no-such-stream"))
        .assertError(dev.s2reactive.core.error.S2Exception.class);
  }

  private static double streamingSessions() throws Exception {
    S2Server server = S2.server();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/metrics"))
                    .header("authorization", "Bearer " + server.rootToken().orElseThrow())
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher m = STREAMING_SESSIONS.matcher(response.body());
    assertThat(m.find()).as("streaming read gauge in %s", response.body()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private interface Check {
    boolean test() throws Exception;
  }

  private static void awaitTrue(Check check, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    try {
      while (!check.test()) {
        assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polling interval
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

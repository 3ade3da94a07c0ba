package dev.s2reactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end against a live {@code s2r lite} process: the server runs in its own JVM, the
 * commands run in-process with captured standard streams (and a following read as a process).
 */
class CliEndToEndTest {

  private static final String BASIN = "cli-e2e-basin";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;

  private static LiteProcess lite;
  private static String[] liteArgs;
  private static String endpoint;
  private static String rootToken;
  private static ExecutorService executor;

  @BeforeAll
  static void startLite() throws Exception {
    // durable and on a fixed port, so that a test can restart it under a live reader
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    liteArgs =
        new String[] {"lite", "--port", Integer.toString(port), "--data-dir", dataDir.toString()};
    lite = LiteProcess.start(Map.of(), liteArgs);
    endpoint = lite.awaitLine("listening on ", TIMEOUT).strip();
    rootToken = lite.awaitLine("export S2_ACCESS_TOKEN=", TIMEOUT).strip();
    executor = Executors.newCachedThreadPool();
    CliTestEnv t = cli(rootToken);
    assertThat(t.run("create-basin", BASIN)).as(t.err()).isZero();
    assertThat(t.out()).contains("created basin " + BASIN);
  }

  @AfterAll
  static void stopLite() throws Exception {
    if (executor != null) {
      executor.shutdownNow();
    }
    if (lite != null) {
      lite.close();
    }
  }

  private static Map<String, String> env(String token) {
    Map<String, String> env = new HashMap<>();
    env.put("S2_ACCOUNT_ENDPOINT", endpoint);
    env.put("S2_BASIN_ENDPOINT", endpoint);
    env.put("S2_ACCESS_TOKEN", token);
    return env;
  }

  private static CliTestEnv cli(String token) {
    return new CliTestEnv(env(token));
  }

  /** Runs a command with the root token and asserts success; returns its standard output. */
  private static String ok(String... args) {
    CliTestEnv t = cli(rootToken);
    assertThat(t.run(args)).as("s2r %s: %s", String.join(" ", args), t.err()).isZero();
    return t.out();
  }

  private static void createStreamWith(String stream, String format, String... lines) {
    ok("create-stream", "s2://" + BASIN + "/" + stream);
    CliTestEnv t = new CliTestEnv(env(rootToken), String.join("\n", lines) + "\n");
    assertThat(t.run("append", "s2://" + BASIN + "/" + stream, "--format", format))
        .as(t.err())
        .isZero();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  @Test
  void appendFromAPipeAppendsLinesAsTheyArriveAndReadHonoursEveryStartFlag(@TempDir Path dir)
      throws Exception {
    String uri = "s2://" + BASIN + "/prod/logs";
    ok("create-stream", uri);

    PipedOutputStream pipe = new PipedOutputStream();
    CliTestEnv append = new CliTestEnv(env(rootToken), new PipedInputStream(pipe, 1 << 16));
    Future<Integer> exit = executor.submit(() -> append.run("append", uri));
    pipe.write("line-0\n".getBytes(StandardCharsets.UTF_8));
    pipe.flush();
    // acknowledged while the input is still open: lines are appended as they arrive
    await(() -> append.err().contains("[APPENDED] 0..0 // tail: 1 @ "), "the first ack");
    for (int i = 1; i < 10; i++) {
      pipe.write(("line-" + i + "\n").getBytes(StandardCharsets.UTF_8));
    }
    pipe.close();
    assertThat(exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(append.err()).isZero();
    assertThat(append.err()).contains("// tail: 10 @ ");

    assertThat(ok("check-tail", uri)).startsWith("10 @ ");
    assertThat(ok("read", uri, "-s", "3", "-n", "2")).isEqualTo("line-3\nline-4\n");
    assertThat(ok("read", uri, "--seq-num", "9", "--count", "5")).isEqualTo("line-9\n");
    assertThat(ok("read", uri, "--tail-offset", "2", "-n", "5")).isEqualTo("line-8\nline-9\n");
    assertThat(ok("read", uri, "--ago", "1h", "-n", "100").lines()).hasSize(10);
    assertThat(ok("read", uri, "-s", "0", "-b", "28")).isEqualTo("line-0\nline-1\n");
    assertThat(ok("read", uri, "-s", "0", "-n", "1", "--format", "json"))
        .contains("\"seq_num\":0")
        .contains("\"body\":\"line-0\"");
    assertThat(ok("read", uri, "-s", "0", "-n", "1", "--format", "json-base64"))
        .contains("\"body\":\"bGluZS0w\"");
    assertThat(ok("tail", uri, "-n", "3")).isEqualTo("line-7\nline-8\nline-9\n");

    Path file = dir.resolve("out.txt");
    assertThat(ok("read", uri, "-s", "8", "-n", "2", "-o", file.toString())).isEmpty();
    assertThat(Files.readString(file)).isEqualTo("line-8\nline-9\n");

    CliTestEnv beyond = cli(rootToken);
    assertThat(beyond.run("read", uri, "-s", "100", "-n", "1")).isEqualTo(1);
    assertThat(beyond.err()).startsWith("s2r: the start is beyond the tail (10 @ ");
    assertThat(beyond.err()).contains("--clamp").hasLineCount(1);
    assertThat(ok("read", uri, "-s", "100", "-n", "1", "--clamp")).isEmpty();
  }

  @Test
  void timestampWindowReplaysExactlyTheRecordsInside() {
    String uri = "s2://" + BASIN + "/prod/events";
    createStreamWith(
        "prod/events",
        "json",
        "{\"timestamp\":1000,\"body\":\"t1\"}",
        "{\"timestamp\":2000,\"body\":\"t2\"}",
        "{\"timestamp\":3000,\"body\":\"t3\"}",
        "{\"timestamp\":4000,\"body\":\"t4\"}",
        "{\"timestamp\":5000,\"headers\":[[\"k\",\"v\"]],\"body\":\"t5\"}");
    assertThat(ok("read", uri, "--timestamp", "2000", "--until", "4000")).isEqualTo("t2\nt3\n");
    assertThat(ok("read", uri, "--timestamp", "4500", "-n", "10", "--format", "json"))
        .isEqualTo("{\"seq_num\":4,\"timestamp\":5000,\"headers\":[[\"k\",\"v\"]],\"body\":\"t5\"}\n");

    // the newest record is from 1970: an hour ago lies beyond the tail
    CliTestEnv beyond = cli(rootToken);
    assertThat(beyond.run("read", uri, "--ago", "1h", "-n", "5")).isEqualTo(1);
    assertThat(beyond.err()).contains("--clamp");
    assertThat(ok("read", uri, "--ago", "1h", "-n", "5", "--clamp")).isEmpty();
  }

  @Test
  void readWithoutAStartFollowsTheTailLiveAndSurvivesAServerRestart() throws Exception {
    String uri = "s2://" + BASIN + "/prod/live";
    ok("create-stream", uri);
    try (LiteProcess reader = LiteProcess.start(env(rootToken), "read", uri)) {
      // the reader starts at the tail once its session is open: probe until it sees one record
      // (a JVM start on a busy machine can take a while)
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      int probe = 0;
      while (reader.lines().stream().noneMatch(l -> l.startsWith("probe-"))) {
        assertThat(reader.isAlive()).as("reader exited: %s", reader.lines()).isTrue();
        assertThat(System.nanoTime()).as("reader never saw a probe").isLessThan(deadline);
        CliTestEnv t = new CliTestEnv(env(rootToken), "probe-" + probe++ + "\n");
        assertThat(t.run("append", uri)).isZero();
        TimeUnit.MILLISECONDS.sleep(500);
      }
      CliTestEnv t = new CliTestEnv(env(rootToken), "after-1\nafter-2\n");
      assertThat(t.run("append", uri)).isZero();
      reader.awaitLine("after-2", TIMEOUT);

      lite.close();
      lite = LiteProcess.start(Map.of(), liteArgs);
      assertThat(lite.awaitLine("listening on ", TIMEOUT).strip()).isEqualTo(endpoint);
      CliTestEnv afterRestart = new CliTestEnv(env(rootToken), "after-restart\n");
      assertThat(afterRestart.run("append", uri)).as(afterRestart.err()).isZero();
      reader.awaitLine("after-restart", Duration.ofSeconds(60));
      assertThat(reader.lines()).containsSubsequence("after-1", "after-2", "after-restart");
      assertThat(reader.lines().stream().filter(l -> l.startsWith("after-"))).hasSize(3);
    }
  }

  @Test
  void readOnlyTokenReadsButIsRefusedOnAppend() {
    String uri = "s2://" + BASIN + "/prod/ro";
    createStreamWith("prod/ro", "text", "a", "b", "c");

    // exactly the broadcast guide's command line
    String guideToken =
        ok(
                "issue-access-token",
                "--id",
                "public-ro-logs",
                "--op-groups=stream=r",
                "--basins=" + BASIN,
                "--streams=prod/ro")
            .strip();
    // the official CLI's flags
    String officialToken =
        ok(
                "issue-access-token",
                "prefix-ro",
                "--op-group-perms",
                "stream=r",
                "--basins-exact",
                BASIN,
                "--streams-prefix",
                "prod/",
                "--expires-in",
                "1d")
            .strip();
    assertThat(guideToken).isNotBlank().doesNotContain("\n");
    assertThat(officialToken).isNotBlank().isNotEqualTo(guideToken);

    CliTestEnv read = cli(guideToken);
    assertThat(read.run("read", uri, "-s", "0", "-n", "3")).as(read.err()).isZero();
    assertThat(read.out()).isEqualTo("a\nb\nc\n");
    assertThat(read.run("check-tail", uri)).isZero();

    CliTestEnv append = new CliTestEnv(env(guideToken), "refused\n");
    assertThat(append.run("append", uri)).isEqualTo(1);
    assertThat(append.err())
        .hasLineCount(1)
        .startsWith("s2r: ")
        .contains("permission_denied")
        .contains("HTTP 403");

    CliTestEnv otherStream = cli(guideToken);
    assertThat(otherStream.run("check-tail", "s2://" + BASIN + "/prod/logs")).isEqualTo(1);
    assertThat(otherStream.err()).contains("permission_denied");

    CliTestEnv prefixRead = cli(officialToken);
    assertThat(prefixRead.run("read", uri, "--tail-offset", "1", "-n", "1")).isZero();
    assertThat(prefixRead.out()).isEqualTo("c\n");

    assertThat(ok("list-access-tokens")).contains("\"id\":\"public-ro-logs\"");
    assertThat(ok("revoke-access-token", "prefix-ro")).contains("revoked access token prefix-ro");
    CliTestEnv revoked = cli(officialToken);
    assertThat(revoked.run("check-tail", uri)).isEqualTo(1);
    assertThat(revoked.err()).startsWith("s2r: ").hasLineCount(1);
  }

  @Test
  void basinsStreamsConfigFencingAndTrimming() {
    String uri = "s2://" + BASIN + "/ops/fenced";
    ok("create-stream", uri, "--storage-class", "standard", "--retention-policy", "7d");
    assertThat(ok("ls")).contains(BASIN + " active");
    assertThat(ok("list-basins", "--prefix", "cli-e2e")).contains(BASIN);
    assertThat(ok("ls", "s2://" + BASIN + "/ops/")).isEqualTo(uri + "\n");
    assertThat(ok("list-streams", BASIN, "--prefix", "ops/")).isEqualTo(uri + "\n");
    assertThat(ok("get-stream-config", uri))
        .contains("\"storage_class\":\"standard\"")
        .contains("\"age\":604800");
    assertThat(ok("reconfigure-stream", uri, "--retention-policy", "1d"))
        .contains("\"age\":86400")
        .contains("\"storage_class\":\"standard\"");

    assertThat(ok("fence", uri, "writer-1")).startsWith("fenced at 0");
    CliTestEnv wrong = new CliTestEnv(env(rootToken), "x\n");
    assertThat(wrong.run("append", uri, "-f", "writer-2")).isEqualTo(1);
    assertThat(wrong.err()).startsWith("s2r: ").contains("412").hasLineCount(1);
    CliTestEnv right = new CliTestEnv(env(rootToken), "y\nz\n");
    assertThat(right.run("append", uri, "-f", "writer-1", "-m", "1")).as(right.err()).isZero();
    assertThat(ok("trim", uri, "2")).startsWith("trim to 2 requested at 3");
    assertThat(ok("check-tail", uri)).startsWith("4 @ ");

    assertThat(ok("delete-stream", uri)).contains("deleting stream " + uri);
    ok("create-basin", "cli-e2e-doomed", "--storage-class", "standard");
    assertThat(ok("get-basin-config", "s2://cli-e2e-doomed"))
        .contains("\"storage_class\":\"standard\"")
        .contains("\"create_stream_on_read\":false");
    assertThat(ok("reconfigure-basin", "cli-e2e-doomed", "--create-stream-on-read", "true"))
        .contains("\"create_stream_on_read\":true");
    assertThat(ok("get-basin-config", "cli-e2e-doomed")).contains("\"create_stream_on_read\":true");
    assertThat(ok("delete-basin", "cli-e2e-doomed")).contains("deleting basin cli-e2e-doomed");
  }

  @Test
  void serverErrorsAreOneLineWithTheirCode() {
    CliTestEnv missing = cli(rootToken);
    assertThat(missing.run("read", "s2://" + BASIN + "/nope", "-s", "0", "-n", "1")).isEqualTo(1);
    assertThat(missing.err())
        .startsWith("s2r: ")
        .contains("stream_not_found")
        .contains("HTTP 404")
        .hasLineCount(1);

    CliTestEnv badJson = new CliTestEnv(env(rootToken), "{not json}\n");
    assertThat(badJson.run("append", "s2://" + BASIN + "/prod/logs", "--format", "json"))
        .isEqualTo(1);
    assertThat(badJson.err()).startsWith("s2r: input line 1: ").hasLineCount(1);
  }
}

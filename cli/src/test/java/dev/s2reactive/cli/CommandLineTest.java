package dev.s2reactive.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.ReadSpec;
import dev.s2reactive.core.StartAt;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.StorageClass;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.core.model.TimestampingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Flag parsing and conversion, without a server. */
class CommandLineTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochMilli(1_761_333_456_740L), ZoneOffset.UTC);

  @SuppressWarnings("unchecked")
  private static <T> T parse(String... args) {
    CommandLine cli = S2r.commandLine(new CliTestEnv(Map.of()).env);
    return (T) cli.parseArgs(args).subcommand().commandSpec().userObject();
  }

  @Test
  void readWithoutStartFollowsFromTheTail() {
    ReadCommand read = parse("read", "s2://my-basin/prod/logs");
    ReadSpec spec = read.spec(CLOCK);
    assertThat(spec.start()).isEqualTo(StartAt.tail());
    assertThat(spec.mayFollow()).isTrue();
    assertThat(read.uri.value).isEqualTo(new StreamUri("my-basin", "prod/logs"));
  }

  @Test
  void readStartFlags() {
    assertThat(((ReadCommand) parse("read", "s2://b/s", "-s", "5")).spec(CLOCK).start())
        .isEqualTo(StartAt.seqNum(5));
    assertThat(((ReadCommand) parse("read", "s2://b/s", "--seq-num", "5")).spec(CLOCK).start())
        .isEqualTo(StartAt.seqNum(5));
    assertThat(((ReadCommand) parse("read", "s2://b/s", "--timestamp", "1000")).spec(CLOCK).start())
        .isEqualTo(StartAt.timestamp(1000));
    assertThat(((ReadCommand) parse("read", "s2://b/s", "--ago", "1m")).spec(CLOCK).start())
        .isEqualTo(StartAt.timestamp(CLOCK.millis() - 60_000));
    assertThat(((ReadCommand) parse("read", "s2://b/s", "--tail-offset", "3")).spec(CLOCK).start())
        .isEqualTo(StartAt.tailOffset(3));
    assertThat(((ReadCommand) parse("read", "s2://b/s", "-s", "9", "--clamp")).spec(CLOCK).start())
        .isEqualTo(StartAt.seqNum(9).clamp(true));
  }

  @Test
  void readLimitsMakeItStopAtTheLimitOrTheTail() {
    ReadCommand read =
        parse(
            "read", "s2://b/s", "--timestamp", "1761333455729", "--until", "1761333456740", "-n",
            "7", "-b", "100");
    ReadSpec spec = read.spec(CLOCK);
    assertThat(spec.until()).isEqualTo(OptionalLong.of(1_761_333_456_740L));
    assertThat(spec.count()).isEqualTo(OptionalLong.of(7));
    assertThat(spec.bytes()).isEqualTo(OptionalLong.of(100));
    assertThat(spec.waitTime()).isEmpty();
    assertThat(spec.mayFollow()).isFalse();
  }

  @Test
  void readStartsAreExclusiveAndUsageErrorsAreOneLine() {
    CliTestEnv t = new CliTestEnv(Map.of());
    assertThat(t.run("read", "s2://b/s", "-s", "1", "--tail-offset", "2")).isEqualTo(2);
    assertThat(t.err().lines()).hasSize(1);
    assertThat(t.err()).startsWith("s2r: ").contains("mutually exclusive").contains("--help");
  }

  @Test
  void tailReadsTheLastRecordsAndStopsUnlessFollowing() {
    TailCommand tail = parse("tail", "s2://b/s", "-n", "4");
    assertThat(tail.spec().start()).isEqualTo(StartAt.tailOffset(4));
    assertThat(tail.spec().mayFollow()).isFalse();
    TailCommand follow = parse("tail", "s2://b/s", "-f");
    assertThat(follow.spec().start()).isEqualTo(StartAt.tailOffset(10));
    assertThat(follow.spec().mayFollow()).isTrue();
  }

  @Test
  void appendOptions() {
    AppendCommand append =
        parse("append", "s2://b/s", "--linger", "50ms", "-f", "writer-1", "-m", "12");
    assertThat(append.options().linger()).isEqualTo(Duration.ofMillis(50));
    assertThat(append.options().fencingToken()).contains("writer-1");
    assertThat(append.input).isEqualTo("-");
    assertThat(((AppendCommand) parse("append", "s2://b/s", "-i", "app.log")).input)
        .isEqualTo("app.log");
  }

  @Test
  void broadcastGuideTokenFlagsMeanExactNamesAndStreamRead() {
    IssueAccessTokenCommand guide =
        parse(
            "issue-access-token",
            "--id",
            "public-ro-logs",
            "--op-groups=stream=r",
            "--basins=my-basin",
            "--streams=prod/logs");
    IssueAccessTokenCommand official =
        parse(
            "issue-access-token",
            "public-ro-logs",
            "--op-group-perms",
            "stream=r",
            "--basins-exact",
            "my-basin",
            "--streams-exact",
            "prod/logs");
    IssueAccessTokenRequest request = guide.request(CLOCK);
    assertThat(request).isEqualTo(official.request(CLOCK));
    assertThat(request.id()).isEqualTo("public-ro-logs");
    assertThat(request.scope().basins()).contains(ResourceSet.exact("my-basin"));
    assertThat(request.scope().streams()).contains(ResourceSet.exact("prod/logs"));
    assertThat(request.scope().opGroups())
        .contains(new OpGroupPermissions(Optional.empty(), Optional.empty(), Optional.of(ReadWrite.READ_ONLY)));
    assertThat(request.scope().ops()).isEmpty();
    assertThat(request.expiresAt()).isEmpty();
  }

  @Test
  void tokenPrefixesOpsAndExpiry() {
    IssueAccessTokenCommand cmd =
        parse(
            "issue-access-token",
            "svc",
            "--basins-prefix",
            "",
            "--streams-prefix",
            "users/1/",
            "--auto-prefix-streams",
            "--access-tokens-prefix",
            "svc/",
            "--ops",
            "read,check_tail",
            "--ops",
            "append",
            "--expires-in",
            "30d");
    IssueAccessTokenRequest request = cmd.request(CLOCK);
    assertThat(request.scope().basins()).contains(ResourceSet.prefix(""));
    assertThat(request.scope().streams()).contains(ResourceSet.prefix("users/1/"));
    assertThat(request.scope().accessTokens()).contains(ResourceSet.prefix("svc/"));
    assertThat(request.scope().ops())
        .contains(List.of(Operation.READ, Operation.CHECK_TAIL, Operation.APPEND));
    assertThat(request.autoPrefixStreams()).isTrue();
    assertThat(request.expiresAt()).contains(CLOCK.instant().plus(Duration.ofDays(30)));

    IssueAccessTokenCommand at =
        parse("issue-access-token", "--id", "t", "--expires-at", "2027-01-01T00:00:00Z");
    assertThat(at.request(CLOCK).expiresAt()).contains(Instant.parse("2027-01-01T00:00:00Z"));
    IssueAccessTokenCommand officialExact = parse("issue-access-token", "t", "--basins", "=b-exact");
    assertThat(officialExact.request(CLOCK).scope().basins()).contains(ResourceSet.exact("b-exact"));
  }

  @Test
  void tokenFlagConflictsAreRefused() {
    assertThatThrownBy(
            () -> ((IssueAccessTokenCommand) parse("issue-access-token")).request(CLOCK))
        .hasMessageContaining("missing token id");
    assertThatThrownBy(
            () ->
                ((IssueAccessTokenCommand) parse("issue-access-token", "a", "--id", "b"))
                    .request(CLOCK))
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                ((IssueAccessTokenCommand)
                        parse("issue-access-token", "a", "--basins", "x", "--basins-prefix", "y"))
                    .request(CLOCK))
        .hasMessageContaining("--basins-prefix");
    assertThatThrownBy(
            () ->
                ((IssueAccessTokenCommand)
                        parse("issue-access-token", "a", "--expires-in", "1d", "--expires-at", "x"))
                    .request(CLOCK))
        .hasMessageContaining("not both");
  }

  @Test
  void streamConfigFlags() {
    CreateStreamCommand create =
        parse(
            "create-stream",
            "s2://b/s",
            "--storage-class",
            "standard",
            "--retention-policy",
            "30d",
            "--timestamping-mode",
            "client-require",
            "--timestamping-uncapped",
            "false",
            "--delete-on-empty-min-age",
            "1h");
    StreamConfig config = create.request().config().orElseThrow();
    assertThat(config.storageClass()).contains(StorageClass.STANDARD);
    assertThat(config.retentionPolicy()).contains(RetentionPolicy.age(30 * 86_400));
    assertThat(config.timestamping().orElseThrow().mode()).contains(TimestampingMode.CLIENT_REQUIRE);
    assertThat(config.timestamping().orElseThrow().uncapped()).contains(false);
    assertThat(config.deleteOnEmpty().orElseThrow().minAgeSecs()).isEqualTo(3600);
    assertThat(((CreateStreamCommand) parse("create-stream", "s2://b/s")).request().config())
        .isEmpty();
    CreateStreamCommand infinite =
        parse("create-stream", "s2://b/s", "--retention-policy", "infinite");
    assertThat(infinite.request().config().orElseThrow().retentionPolicy())
        .contains(RetentionPolicy.infinite());
  }

  @Test
  void reconfigureChangesOnlyWhatIsNamed() {
    ReconfigureBasinCommand basin =
        parse("reconfigure-basin", "my-basin", "--create-stream-on-append", "true");
    assertThat(basin.reconfiguration().createStreamOnAppend()).contains(true);
    assertThat(basin.reconfiguration().createStreamOnRead()).isEmpty();
    assertThat(basin.reconfiguration().defaultStreamConfig().isAbsent()).isTrue();
    ReconfigureBasinCommand flag = parse("reconfigure-basin", "my-basin", "--create-stream-on-read");
    assertThat(flag.reconfiguration().createStreamOnRead()).contains(true);
    ReconfigureStreamCommand stream =
        parse("reconfigure-stream", "s2://b/s", "--storage-class", "express");
    assertThat(stream.config.toReconfiguration().storageClass().value())
        .isEqualTo(StorageClass.EXPRESS);
    assertThat(stream.config.toReconfiguration().retentionPolicy().isAbsent()).isTrue();
  }

  @Test
  void createBasinTakesDefaultStreamConfig() {
    CreateBasinCommand create =
        parse("create-basin", "s2://my-basin", "--storage-class", "standard", "--create-stream-on-append");
    assertThat(create.request().basin()).isEqualTo("my-basin");
    assertThat(create.request().config().orElseThrow().createStreamOnAppend()).isTrue();
    assertThat(create.request().config().orElseThrow().defaultStreamConfig().orElseThrow().storageClass())
        .contains(StorageClass.STANDARD);
  }

  @Test
  void startsBeyondTheTailAreErrorsUnlessClamped() {
    StreamPosition tail = new StreamPosition(10, 5000);
    assertThat(RecordReader.beyondTail(StartAt.seqNum(11), tail)).isTrue();
    assertThat(RecordReader.beyondTail(StartAt.seqNum(10), tail)).isFalse();
    assertThat(RecordReader.beyondTail(StartAt.seqNum(11).clamp(true), tail)).isFalse();
    assertThat(RecordReader.beyondTail(StartAt.timestamp(5001), tail)).isTrue();
    assertThat(RecordReader.beyondTail(StartAt.tailOffset(0), tail)).isFalse();
  }

  @Test
  void everyCommandHasHelp() {
    CommandLine root = S2r.commandLine(new CliTestEnv(Map.of()).env);
    assertThat(root.getSubcommands().keySet())
        .contains(
            "append", "read", "tail", "check-tail", "ls", "list-basins", "create-basin",
            "get-basin-config", "reconfigure-basin", "delete-basin", "list-streams",
            "create-stream", "get-stream-config", "reconfigure-stream", "delete-stream", "fence",
            "trim", "issue-access-token", "list-access-tokens", "revoke-access-token", "lite");
    for (String name : root.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      CliTestEnv t = new CliTestEnv(Map.of());
      assertThat(t.run(name, "--help")).as(name).isZero();
      assertThat(t.out()).as(name).contains("Usage: s2r " + name);
    }
  }

  @Test
  void badFlagValuesAreOneLineUsageErrors() {
    assertUsageError(
        "s2r: Invalid value for option '--ago': unknown time unit 'x' in '5x' (use ms, s, m, h, d,"
            + " w, y) (see 's2r read --help')",
        "read", "s2://b/s", "--ago", "5x");
    assertUsageError(
        "s2r: Invalid value for positional parameter at index 0 (BASIN): expected a basin, not a"
            + " stream: s2://b/s (see 's2r get-basin-config --help')",
        "get-basin-config", "s2://b/s");
    assertUsageError(
        "s2r: Invalid value for positional parameter at index 0 (BASIN|S2_URI): missing basin name"
            + " in s2:// (see 's2r ls --help')",
        "ls", "s2://");
    assertUsageError(
        "s2r: Invalid value for option '--op-group-perms': unknown op group 'x' (expected"
            + " account, basin or stream) (see 's2r issue-access-token --help')",
        "issue-access-token", "t", "--op-groups", "x=r");
    assertUsageError(
        "s2r: Invalid value for option '--ops' (OP): unknown operation 'nope' (one of"
            + " list_basins, ",
        "issue-access-token", "t", "--ops", "nope");
  }

  private static void assertUsageError(String line, String... args) {
    CliTestEnv t = new CliTestEnv(Map.of());
    assertThat(t.run(args)).isEqualTo(2);
    assertThat(t.err()).startsWith(line).hasLineCount(1);
  }

  @Test
  void missingEndpointIsOneClearLine() {
    CliTestEnv t = new CliTestEnv(Map.of("S2_ACCOUNT_ENDPOINT", "http://localhost:1"));
    assertThat(t.run("list-basins")).isEqualTo(1);
    assertThat(t.err()).isEqualTo(
        "s2r: S2_ACCOUNT_ENDPOINT is set but S2_BASIN_ENDPOINT is not: set both (for s2 lite both"
            + " are usually http://localhost:<port>) or neither (hosted S2)"
            + System.lineSeparator());
  }

  @Test
  void unreachableServerIsOneClearLine() {
    CliTestEnv t =
        new CliTestEnv(
            Map.of(
                "S2_ACCOUNT_ENDPOINT", "http://127.0.0.1:1", "S2_BASIN_ENDPOINT", "http://127.0.0.1:1"));
    assertThat(t.run("check-tail", "s2://my-basin/logs")).isEqualTo(1);
    assertThat(t.err())
        .startsWith("s2r: cannot reach the server: ")
        .contains("Connection refused")
        .doesNotContain("finishConnect")
        .hasLineCount(1);
  }
}

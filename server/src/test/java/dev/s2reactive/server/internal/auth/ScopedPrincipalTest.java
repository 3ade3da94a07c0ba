package dev.s2reactive.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScopedPrincipalTest {

  /** Protocol §12.3, first table, plus the location ops as account read/write; by wire name. */
  private static final Map<String, List<String>> GROUP_TABLE =
      Map.of(
          "account.read",
              List.of(
                  "list-basins",
                  "list-access-tokens",
                  "account-metrics",
                  "list-locations",
                  "get-default-location"),
          "account.write",
              List.of(
                  "create-basin",
                  "delete-basin",
                  "reconfigure-basin",
                  "issue-access-token",
                  "revoke-access-token",
                  "set-default-location"),
          "basin.read", List.of("get-basin-config", "list-streams", "basin-metrics"),
          "basin.write", List.of("create-stream", "delete-stream", "reconfigure-stream"),
          "stream.read", List.of("get-stream-config", "check-tail", "read", "stream-metrics"),
          "stream.write", List.of("append", "trim", "fence"));

  /** Which resource an operation is checked against. */
  enum Kind {
    ACCOUNT,
    BASIN,
    STREAM,
    TOKEN
  }

  private static final Map<Kind, Set<Operation>> KINDS =
      Map.of(
          Kind.ACCOUNT,
              EnumSet.of(
                  Operation.LIST_BASINS,
                  Operation.LIST_ACCESS_TOKENS,
                  Operation.ACCOUNT_METRICS,
                  Operation.LIST_LOCATIONS,
                  Operation.GET_DEFAULT_LOCATION,
                  Operation.SET_DEFAULT_LOCATION),
          Kind.BASIN,
              EnumSet.of(
                  Operation.CREATE_BASIN,
                  Operation.DELETE_BASIN,
                  Operation.RECONFIGURE_BASIN,
                  Operation.GET_BASIN_CONFIG,
                  Operation.LIST_STREAMS,
                  Operation.BASIN_METRICS),
          Kind.STREAM,
              EnumSet.of(
                  Operation.CREATE_STREAM,
                  Operation.DELETE_STREAM,
                  Operation.GET_STREAM_CONFIG,
                  Operation.RECONFIGURE_STREAM,
                  Operation.CHECK_TAIL,
                  Operation.APPEND,
                  Operation.READ,
                  Operation.TRIM,
                  Operation.FENCE,
                  Operation.STREAM_METRICS),
          Kind.TOKEN, EnumSet.of(Operation.ISSUE_ACCESS_TOKEN, Operation.REVOKE_ACCESS_TOKEN));

  private static final String BASIN = "target-basin";
  private static final String STREAM = "target/stream";
  private static final String TOKEN = "target-token";

  private static Kind kindOf(Operation op) {
    return KINDS.entrySet().stream()
        .filter(e -> e.getValue().contains(op))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  /** Resource set variants: label, set (null = absent), whether it matches "target…" names. */
  private static final List<Object[]> SETS =
      List.of(
          new Object[] {"exact match", "exact", "=", true},
          new Object[] {"exact other", "exact", "other", false},
          new Object[] {"exact empty (none)", "exact", "", false},
          new Object[] {"prefix match", "prefix", "target", true},
          new Object[] {"prefix other", "prefix", "other", false},
          new Object[] {"prefix empty (all)", "prefix", "", true},
          new Object[] {"absent (none)", null, null, false});

  private static ResourceSet set(Object[] variant, String target) {
    if (variant[1] == null) {
      return null;
    }
    String value = "=".equals(variant[2]) ? target : (String) variant[2];
    return "exact".equals(variant[1]) ? ResourceSet.exact(value) : ResourceSet.prefix(value);
  }

  // ---- grants: every operation × every way of granting it ----

  static Stream<Arguments> grants() {
    List<Arguments> cases = new ArrayList<>();
    for (Operation op : Operation.values()) {
      for (String group : List.of("account", "basin", "stream")) {
        for (String side : List.of("read", "write")) {
          String key = group + "." + side;
          boolean expected = GROUP_TABLE.get(key).contains(op.wireName());
          ReadWrite rw = side.equals("read") ? ReadWrite.READ_ONLY : ReadWrite.WRITE_ONLY;
          OpGroupPermissions groups =
              OpGroupPermissions.of(
                  group.equals("account") ? rw : null,
                  group.equals("basin") ? rw : null,
                  group.equals("stream") ? rw : null);
          cases.add(
              Arguments.of(op, "op_groups " + key, allResources().opGroups(groups), expected));
        }
      }
      cases.add(Arguments.of(op, "ops [" + op.wireName() + "]", allResources().ops(op), true));
      List<Operation> others = new ArrayList<>(EnumSet.complementOf(EnumSet.of(op)));
      cases.add(Arguments.of(op, "ops = every other op", allResources().ops(others), false));
      cases.add(
          Arguments.of(
              op,
              "op_groups all false",
              allResources()
                  .opGroups(OpGroupPermissions.of(ReadWrite.NONE, ReadWrite.NONE, ReadWrite.NONE)),
              false));
      cases.add(Arguments.of(op, "no ops at all", allResources(), false));
    }
    return cases.stream();
  }

  private static AccessTokenScope.Builder allResources() {
    return AccessTokenScope.builder()
        .basins(ResourceSet.prefix(""))
        .streams(ResourceSet.prefix(""))
        .accessTokens(ResourceSet.prefix(""));
  }

  @ParameterizedTest(name = "{0} with {1} -> {3}")
  @MethodSource("grants")
  void grantsFollowTheOperationGroupTable(
      Operation op, String label, AccessTokenScope.Builder scope, boolean allowed) {
    ScopedPrincipal principal = ScopedPrincipal.of(scope.build(), false, Optional.empty());
    assertThat(principal.permits(op)).isEqualTo(allowed);
    assertOutcome(() -> invoke(principal, op), allowed);
  }

  @Test
  void everyOperationIsInExactlyOneGroupSide() {
    List<String> all = GROUP_TABLE.values().stream().flatMap(List::stream).toList();
    assertThat(all).doesNotHaveDuplicates();
    assertThat(all)
        .containsExactlyInAnyOrder(
            Stream.of(Operation.values()).map(Operation::wireName).toArray(String[]::new));
  }

  // ---- resources: every operation × its resource kind × every resource set variant ----

  static Stream<Arguments> resources() {
    List<Arguments> cases = new ArrayList<>();
    for (Operation op : Operation.values()) {
      Kind kind = kindOf(op);
      for (Object[] variant : SETS) {
        String label = (String) variant[0];
        boolean matches = (Boolean) variant[3];
        AccessTokenScope.Builder scope = AccessTokenScope.builder().ops(op);
        switch (kind) {
          case ACCOUNT -> {
            // Account ops name no resource: any sets, even none, allow them.
            cases.add(Arguments.of(op, kind, "all sets " + label, allSets(scope, variant), true));
            continue;
          }
          case BASIN -> scope.basins(set(variant, BASIN));
          case TOKEN -> scope.accessTokens(set(variant, TOKEN));
          case STREAM -> {
            cases.add(
                Arguments.of(
                    op,
                    kind,
                    "basins " + label + ", streams all",
                    AccessTokenScope.builder()
                        .ops(op)
                        .basins(set(variant, BASIN))
                        .streams(ResourceSet.prefix("")),
                    matches));
            scope.basins(ResourceSet.prefix("")).streams(set(variant, STREAM));
            label = "streams " + label + ", basins all";
          }
        }
        // Sets of the other kinds allow everything, so only the one under test decides.
        if (kind != Kind.BASIN && kind != Kind.STREAM) {
          scope.basins(ResourceSet.prefix(""));
        }
        if (kind != Kind.STREAM) {
          scope.streams(ResourceSet.prefix(""));
        }
        if (kind != Kind.TOKEN) {
          scope.accessTokens(ResourceSet.prefix(""));
        }
        cases.add(Arguments.of(op, kind, label, scope, matches));
      }
    }
    return cases.stream();
  }

  private static AccessTokenScope.Builder allSets(AccessTokenScope.Builder scope, Object[] v) {
    return scope.basins(set(v, BASIN)).streams(set(v, STREAM)).accessTokens(set(v, TOKEN));
  }

  @ParameterizedTest(name = "{0} ({1}) with {2} -> {4}")
  @MethodSource("resources")
  void resourcesAreCheckedAgainstTheirSets(
      Operation op, Kind kind, String label, AccessTokenScope.Builder scope, boolean allowed) {
    ScopedPrincipal principal = ScopedPrincipal.of(scope.build(), false, Optional.empty());
    assertOutcome(() -> invoke(principal, op), allowed);
  }

  @Test
  void otherResourceKindsDoNotLeakIntoEachOther() {
    // A token scoped to every stream but no basin can touch no stream.
    ScopedPrincipal streamsOnly =
        ScopedPrincipal.of(
            AccessTokenScope.builder()
                .streams(ResourceSet.prefix(""))
                .accessTokens(ResourceSet.prefix(""))
                .ops(Operation.READ, Operation.GET_BASIN_CONFIG)
                .build(),
            false,
            Optional.empty());
    assertDenied(() -> streamsOnly.checkStream(Operation.READ, BASIN, STREAM));
    assertDenied(() -> streamsOnly.checkBasin(Operation.GET_BASIN_CONFIG, BASIN));
    assertThat(streamsOnly.canSeeBasin(BASIN)).isFalse();
    // An op granted for streams does not work on a basin-level check.
    assertDenied(() -> streamsOnly.checkBasin(Operation.LIST_STREAMS, BASIN));
  }

  @Test
  void listingsOnlyShowResourcesInScope() {
    ScopedPrincipal principal =
        ScopedPrincipal.of(
            AccessTokenScope.builder()
                .basins(ResourceSet.prefix("team-"))
                .streams(ResourceSet.exact("orders"))
                .accessTokens(ResourceSet.prefix("ci-"))
                .ops(Operation.LIST_BASINS)
                .build(),
            false,
            Optional.empty());
    assertThat(principal.canSeeBasin("team-one")).isTrue();
    assertThat(principal.canSeeBasin("other-one")).isFalse();
    assertThat(principal.visibleStreamName("orders")).contains("orders");
    assertThat(principal.visibleStreamName("orders2")).isEmpty();
    assertThat(principal.canSeeAccessToken("ci-1")).isTrue();
    assertThat(principal.canSeeAccessToken("root")).isFalse();
    assertThat(principal.storedStreamPrefix("ord")).isEqualTo("ord");
  }

  // ---- auto_prefix_streams ----

  @Test
  void autoPrefixRewritesRequestedNamesAndStripsListedOnes() {
    ScopedPrincipal principal =
        ScopedPrincipal.of(
            AccessTokenScope.builder()
                .basins(ResourceSet.prefix(""))
                .streams(ResourceSet.prefix("tenant-a/"))
                .ops(Operation.APPEND, Operation.LIST_STREAMS)
                .build(),
            true,
            Optional.empty());
    assertThat(principal.checkStream(Operation.APPEND, BASIN, "orders"))
        .isEqualTo("tenant-a/orders");
    // A name that merely looks prefixed is still relative: it gains a second prefix.
    assertThat(principal.checkStream(Operation.APPEND, BASIN, "tenant-a/x"))
        .isEqualTo("tenant-a/tenant-a/x");
    assertThat(principal.visibleStreamName("tenant-a/orders")).contains("orders");
    assertThat(principal.visibleStreamName("tenant-b/orders")).isEmpty();
    assertThat(principal.visibleStreamName("orders")).isEmpty();
    assertThat(principal.storedStreamPrefix("ord")).isEqualTo("tenant-a/ord");
    assertThat(principal.storedStreamPrefix("")).isEqualTo("tenant-a/");
  }

  @Test
  void withoutAutoPrefixNamesAreAbsolute() {
    ScopedPrincipal principal =
        ScopedPrincipal.of(
            AccessTokenScope.builder()
                .basins(ResourceSet.prefix(""))
                .streams(ResourceSet.prefix("tenant-a/"))
                .ops(Operation.APPEND)
                .build(),
            false,
            Optional.empty());
    assertDenied(() -> principal.checkStream(Operation.APPEND, BASIN, "orders"));
    assertThat(principal.checkStream(Operation.APPEND, BASIN, "tenant-a/orders"))
        .isEqualTo("tenant-a/orders");
    assertThat(principal.visibleStreamName("tenant-a/orders")).contains("tenant-a/orders");
  }

  @Test
  void autoPrefixNeedsAStreamsPrefix() {
    AccessTokenScope exact =
        AccessTokenScope.builder().streams(ResourceSet.exact("s")).ops(Operation.READ).build();
    assertThatThrownBy(() -> ScopedPrincipal.of(exact, true, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    AccessTokenScope none = AccessTokenScope.builder().ops(Operation.READ).build();
    assertThatThrownBy(() -> ScopedPrincipal.of(none, true, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- append batches with command records ----

  @ParameterizedTest
  @EnumSource(
      value = Operation.class,
      names = {"APPEND", "FENCE", "TRIM"})
  void appendAlone(Operation held) {
    ScopedPrincipal principal = streamPrincipal(EnumSet.of(held));
    AppendInput plain = AppendInput.of(AppendRecord.of("x"));
    assertOutcome(() -> principal.checkAppend(BASIN, STREAM, plain), held == Operation.APPEND);
  }

  @Test
  void commandRecordsNeedTheirOperationToo() {
    AppendInput fence = AppendInput.of(AppendRecord.of("x"), AppendRecord.fence("t"));
    AppendInput trim = AppendInput.of(AppendRecord.trim(3));
    AppendInput both = AppendInput.of(AppendRecord.fence("t"), AppendRecord.trim(3));

    ScopedPrincipal appendOnly = streamPrincipal(EnumSet.of(Operation.APPEND));
    assertDenied(() -> appendOnly.checkAppend(BASIN, STREAM, fence));
    assertDenied(() -> appendOnly.checkAppend(BASIN, STREAM, trim));

    ScopedPrincipal appendFence = streamPrincipal(EnumSet.of(Operation.APPEND, Operation.FENCE));
    assertThat(appendFence.checkAppend(BASIN, STREAM, fence)).isEqualTo(STREAM);
    assertDenied(() -> appendFence.checkAppend(BASIN, STREAM, both));

    ScopedPrincipal appendTrim = streamPrincipal(EnumSet.of(Operation.APPEND, Operation.TRIM));
    assertThat(appendTrim.checkAppend(BASIN, STREAM, trim)).isEqualTo(STREAM);
    assertDenied(() -> appendTrim.checkAppend(BASIN, STREAM, both));

    // Without append itself, fence and trim are not enough.
    ScopedPrincipal commandsOnly = streamPrincipal(EnumSet.of(Operation.FENCE, Operation.TRIM));
    assertDenied(() -> commandsOnly.checkAppend(BASIN, STREAM, both));

    // stream write covers all three.
    ScopedPrincipal writer =
        ScopedPrincipal.of(
            AccessTokenScope.builder()
                .basins(ResourceSet.prefix(""))
                .streams(ResourceSet.prefix(""))
                .opGroups(OpGroupPermissions.of(null, null, ReadWrite.WRITE_ONLY))
                .build(),
            false,
            Optional.empty());
    assertThat(writer.checkAppend(BASIN, STREAM, both)).isEqualTo(STREAM);
  }

  @Test
  void aRecordWithAnEmptyHeaderNameAmongOthersIsNotACommand() {
    AppendRecord notCommand =
        AppendRecord.builder()
            .header(dev.s2reactive.core.model.Header.of("", "fence"))
            .header(dev.s2reactive.core.model.Header.of("k", "v"))
            .build();
    ScopedPrincipal appendOnly = streamPrincipal(EnumSet.of(Operation.APPEND));
    assertThat(appendOnly.checkAppend(BASIN, STREAM, AppendInput.of(notCommand))).isEqualTo(STREAM);
  }

  @Test
  void unrestrictedAllowsEverythingAndRenamesNothing() {
    Principal p = Principal.UNRESTRICTED;
    for (Operation op : Operation.values()) {
      invoke(p, op);
    }
    assertThat(p.checkStream(Operation.READ, BASIN, "s")).isEqualTo("s");
    assertThat(p.visibleStreamName("s")).contains("s");
    assertThat(p.storedStreamPrefix("p")).isEqualTo("p");
    assertThat(p.canSeeBasin("anything")).isTrue();
    assertThat(p.checkAppend(BASIN, "s", AppendInput.of(AppendRecord.trim(1)))).isEqualTo("s");
  }

  // ---- helpers ----

  private static ScopedPrincipal streamPrincipal(Set<Operation> ops) {
    return ScopedPrincipal.of(
        AccessTokenScope.builder()
            .basins(ResourceSet.exact(BASIN))
            .streams(ResourceSet.exact(STREAM))
            .ops(List.copyOf(ops))
            .build(),
        false,
        Optional.empty());
  }

  private static void invoke(Principal principal, Operation op) {
    switch (kindOf(op)) {
      case ACCOUNT -> principal.checkAccount(op);
      case BASIN -> principal.checkBasin(op, BASIN);
      case STREAM -> assertThat(principal.checkStream(op, BASIN, STREAM)).isEqualTo(STREAM);
      case TOKEN -> principal.checkAccessToken(op, TOKEN);
    }
  }

  private static void assertOutcome(Runnable check, boolean allowed) {
    if (allowed) {
      check.run();
    } else {
      assertDenied(check);
    }
  }

  static void assertDenied(Runnable check) {
    Throwable thrown = catchThrowable(check::run);
    assertThat(thrown).isInstanceOf(S2Exception.class);
    S2Exception e = (S2Exception) thrown;
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.code()).isEqualTo("permission_denied");
  }
}

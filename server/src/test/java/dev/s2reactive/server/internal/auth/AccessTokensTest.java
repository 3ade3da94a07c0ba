package dev.s2reactive.server.internal.auth;

import static dev.s2reactive.server.internal.auth.ScopedPrincipalTest.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AccessTokenInfo;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.ListAccessTokensResponse;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.server.internal.storage.MetaStore;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private InMemoryStorage storage;
  private AccessTokens tokens;
  private Principal root;

  @BeforeEach
  void setUp() {
    storage = new InMemoryStorage();
    tokens = AccessTokens.load(storage, clock);
    String rootSecret = RootToken.bootstrap(tokens, storage, Optional.empty()).orElseThrow();
    root = tokens.authenticate(rootSecret);
  }

  @AfterEach
  void tearDown() {
    storage.close();
  }

  // ---- issue and authenticate ----

  @Test
  void anIssuedTokenAuthenticatesWithItsScope() {
    AccessTokenScope scope =
        AccessTokenScope.builder()
            .basins(ResourceSet.exact("my-basin-1"))
            .streams(ResourceSet.prefix("logs/"))
            .opGroups(OpGroupPermissions.of(null, null, ReadWrite.READ_ONLY))
            .build();
    String secret = issue(root, IssueAccessTokenRequest.of("reader", scope));

    assertThat(secret).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
    Principal reader = tokens.authenticate(secret);
    assertThat(reader.checkStream(Operation.READ, "my-basin-1", "logs/a")).isEqualTo("logs/a");
    assertDenied(() -> reader.checkStream(Operation.APPEND, "my-basin-1", "logs/a"));
    assertDenied(() -> reader.checkStream(Operation.READ, "my-basin-2", "logs/a"));
    assertDenied(() -> reader.checkStream(Operation.READ, "my-basin-1", "metrics/a"));
  }

  @Test
  void secretsAreRandomAndDistinct() {
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      secrets.add(issue(root, IssueAccessTokenRequest.of("t" + i, readScope())));
    }
    assertThat(secrets).hasSize(20);
  }

  @Test
  void secretsAreNeverStoredInClear() {
    String secret = issue(root, IssueAccessTokenRequest.of("hidden", readScope()));
    byte[] hash = TokenSecrets.hash(secret);

    List<MetaStore.MetaEntry> all = storage.scan(Bytes.EMPTY, Bytes.EMPTY, 10_000);
    assertThat(all).isNotEmpty();
    boolean hashFound = false;
    for (MetaStore.MetaEntry entry : all) {
      for (Bytes stored : List.of(entry.key(), entry.value())) {
        byte[] bytes = stored.toByteArray();
        String asText = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain(secret);
        assertThat(asText)
            .doesNotContain(
                new String(Base64.getUrlDecoder().decode(secret), StandardCharsets.ISO_8859_1));
        hashFound |= asText.contains(new String(hash, StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(hashFound).as("the SHA-256 of the secret is what is stored").isTrue();
    assertThat(HexFormat.of().formatHex(hash)).hasSize(64);
  }

  @Test
  void unknownSecretsAreRejected() {
    assertAuthn(() -> tokens.authenticate("not-a-token"));
    assertAuthn(() -> tokens.authenticate(""));
    String secret = issue(root, IssueAccessTokenRequest.of("t", readScope()));
    // One character off.
    char last = secret.charAt(secret.length() - 1);
    String altered = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertAuthn(() -> tokens.authenticate(altered));
  }

  @Test
  void tokensSurviveARestart() {
    String secret = issue(root, IssueAccessTokenRequest.of("durable", readScope()));
    String revoked = issue(root, IssueAccessTokenRequest.of("gone", readScope()));
    tokens.revoke(root, "gone").join();

    AccessTokens reloaded = AccessTokens.load(storage, clock);
    Principal p = reloaded.authenticate(secret);
    assertThat(p.checkStream(Operation.READ, "my-basin-1", "s")).isEqualTo("s");
    assertAuthn(() -> reloaded.authenticate(revoked));
    assertThat(reloaded.exists("durable")).isTrue();
    assertThat(reloaded.exists("gone")).isFalse();
  }

  // ---- validation ----

  @Test
  void idsMustBe1To96BytesAndNotDotOrDotDot() {
    for (String bad : List.of("", ".", "..", "x".repeat(97), "é".repeat(49))) {
      S2Exception e =
          failure(() -> tokens.issue(root, IssueAccessTokenRequest.of(bad, readScope())));
      assertThat(e.code()).as(bad).isEqualTo("bad_json");
      assertThat(e.status()).isEqualTo(400);
    }
    issue(root, IssueAccessTokenRequest.of("x".repeat(96), readScope()));
    issue(root, IssueAccessTokenRequest.of("é".repeat(48), readScope()));
    issue(root, IssueAccessTokenRequest.of("...", readScope()));
  }

  @Test
  void duplicateIdsConflict() {
    issue(root, IssueAccessTokenRequest.of("dup", readScope()));
    S2Exception e =
        failure(() -> tokens.issue(root, IssueAccessTokenRequest.of("dup", readScope())));
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("resource_already_exists");
    assertThat(
            failure(() -> tokens.issue(root, IssueAccessTokenRequest.of("root", readScope())))
                .code())
        .isEqualTo("resource_already_exists");
  }

  @Test
  void anEmptyOperationSetIsInvalid() {
    AccessTokenScope noOps =
        AccessTokenScope.builder()
            .basins(ResourceSet.prefix(""))
            .opGroups(OpGroupPermissions.of(ReadWrite.NONE, null, null))
            .ops(List.of())
            .build();
    assertInvalid(() -> tokens.issue(root, IssueAccessTokenRequest.of("t", noOps)));
    assertInvalid(
        () -> tokens.issue(root, IssueAccessTokenRequest.of("t", AccessTokenScope.EMPTY)));
    assertThat(tokens.exists("t")).isFalse();
  }

  @Test
  void autoPrefixStreamsNeedsAStreamsPrefix() {
    AccessTokenScope exact =
        AccessTokenScope.builder().streams(ResourceSet.exact("s")).ops(Operation.READ).build();
    assertInvalid(
        () -> tokens.issue(root, new IssueAccessTokenRequest("t", Optional.empty(), true, exact)));
    AccessTokenScope none = AccessTokenScope.builder().ops(Operation.READ).build();
    assertInvalid(
        () -> tokens.issue(root, new IssueAccessTokenRequest("t", Optional.empty(), true, none)));
    AccessTokenScope prefix =
        AccessTokenScope.builder()
            .basins(ResourceSet.prefix(""))
            .streams(ResourceSet.prefix("ns/"))
            .ops(Operation.READ)
            .build();
    String secret = issue(root, new IssueAccessTokenRequest("t", Optional.empty(), true, prefix));
    Principal p = tokens.authenticate(secret);
    assertThat(p.checkStream(Operation.READ, "my-basin-1", "orders")).isEqualTo("ns/orders");
    assertThat(p.visibleStreamName("ns/orders")).contains("orders");
    assertThat(p.storedStreamPrefix("o")).isEqualTo("ns/o");
  }

  @Test
  void anExpiryInThePastIsInvalid() {
    assertInvalid(
        () ->
            tokens.issue(
                root,
                new IssueAccessTokenRequest(
                    "t", Optional.of(T0.minusSeconds(1)), false, readScope())));
  }

  // ---- escalation ----

  @Test
  void issuingNeedsTheIssueOperationAndTheIdInScope() {
    Principal noIssue =
        authenticate(
            "no-issue",
            AccessTokenScope.builder()
                .accessTokens(ResourceSet.prefix(""))
                .basins(ResourceSet.prefix(""))
                .ops(Operation.LIST_ACCESS_TOKENS, Operation.READ)
                .build());
    assertDenied(() -> tokens.issue(noIssue, IssueAccessTokenRequest.of("x", readScopeWithin())));

    Principal ciOnly =
        authenticate(
            "ci-issuer",
            AccessTokenScope.builder()
                .accessTokens(ResourceSet.prefix("ci-"))
                .basins(ResourceSet.prefix(""))
                .streams(ResourceSet.prefix(""))
                .ops(Operation.ISSUE_ACCESS_TOKEN, Operation.READ)
                .build());
    assertDenied(
        () -> tokens.issue(ciOnly, IssueAccessTokenRequest.of("prod-1", readScopeWithin())));
    issue(ciOnly, IssueAccessTokenRequest.of("ci-1", readScopeWithin()));
  }

  @Test
  void aTokenCannotGrantMoreThanItHolds() {
    Principal issuer =
        authenticate(
            "issuer",
            AccessTokenScope.builder()
                .basins(ResourceSet.prefix("team-"))
                .streams(ResourceSet.exact("orders"))
                .accessTokens(ResourceSet.prefix("sub-"))
                .opGroups(OpGroupPermissions.of(null, null, ReadWrite.READ_ONLY))
                .ops(Operation.ISSUE_ACCESS_TOKEN, Operation.APPEND)
                .build());
    AccessTokenScope.Builder ok =
        AccessTokenScope.builder()
            .basins(ResourceSet.prefix("team-a"))
            .streams(ResourceSet.exact("orders"))
            .accessTokens(ResourceSet.exact("sub-x"))
            .ops(Operation.READ, Operation.APPEND);

    // Operations the issuer lacks, directly or through a group.
    assertEscalation(issuer, copy(ok).ops(Operation.FENCE).build());
    assertEscalation(
        issuer,
        copy(ok).ops(Operation.READ).opGroups(groups(null, null, ReadWrite.WRITE_ONLY)).build());
    assertEscalation(
        issuer,
        copy(ok).ops(Operation.READ).opGroups(groups(ReadWrite.READ_ONLY, null, null)).build());
    assertEscalation(issuer, copy(ok).ops(Operation.DELETE_BASIN).build());
    // Resources outside the issuer's sets.
    assertEscalation(issuer, copy(ok).basins(ResourceSet.prefix("")).build());
    assertEscalation(issuer, copy(ok).basins(ResourceSet.prefix("tea")).build());
    assertEscalation(issuer, copy(ok).basins(ResourceSet.exact("other-basin")).build());
    assertEscalation(issuer, copy(ok).streams(ResourceSet.prefix("orders")).build());
    assertEscalation(issuer, copy(ok).streams(ResourceSet.exact("orders2")).build());
    assertEscalation(issuer, copy(ok).accessTokens(ResourceSet.prefix("")).build());
    assertEscalation(issuer, copy(ok).accessTokens(ResourceSet.exact("root")).build());

    // Narrower or equal is fine, and "none" sets are always within scope.
    issue(issuer, IssueAccessTokenRequest.of("sub-1", copy(ok).build()));
    issue(
        issuer,
        IssueAccessTokenRequest.of(
            "sub-2",
            AccessTokenScope.builder()
                .basins(ResourceSet.exact("team-b-basin"))
                .streams(ResourceSet.exact(""))
                .opGroups(groups(null, null, ReadWrite.READ_ONLY))
                .ops(Operation.ISSUE_ACCESS_TOKEN)
                .build()));
    assertThat(tokens.exists("sub-1")).isTrue();
    assertThat(tokens.exists("sub-2")).isTrue();
  }

  @Test
  void unrestrictedCanIssueAnything() {
    String secret =
        issue(
            Principal.UNRESTRICTED,
            new IssueAccessTokenRequest(
                "any", Optional.of(T0.plus(Duration.ofDays(9999))), false, readScope()));
    assertThat(tokens.authenticate(secret)).isInstanceOf(ScopedPrincipal.class);
  }

  // ---- expiry ----

  @Test
  void expiryDefaultsToTheIssuersAndCannotExceedIt() {
    Instant issuerExpiry = T0.plus(Duration.ofHours(1));
    Principal issuer =
        authenticate(
            "issuer",
            new IssueAccessTokenRequest(
                "issuer", Optional.of(issuerExpiry), false, issuingScope()));

    issue(issuer, IssueAccessTokenRequest.of("default", readScope()));
    assertThat(info("default").expiresAt()).contains(issuerExpiry);

    Instant earlier = issuerExpiry.minusSeconds(60);
    issue(issuer, new IssueAccessTokenRequest("earlier", Optional.of(earlier), false, readScope()));
    assertThat(info("earlier").expiresAt()).contains(earlier);

    issue(
        issuer, new IssueAccessTokenRequest("same", Optional.of(issuerExpiry), false, readScope()));
    assertThat(info("same").expiresAt()).contains(issuerExpiry);

    assertDenied(
        () ->
            tokens.issue(
                issuer,
                new IssueAccessTokenRequest(
                    "later", Optional.of(issuerExpiry.plusSeconds(1)), false, readScope())));
    assertThat(tokens.exists("later")).isFalse();

    // A token that never expires issues tokens that never expire unless asked.
    issue(root, IssueAccessTokenRequest.of("forever", readScope()));
    assertThat(info("forever").expiresAt()).isEmpty();
  }

  @Test
  void expiredTokensAreRejected() {
    String secret =
        issue(
            root,
            new IssueAccessTokenRequest(
                "short", Optional.of(T0.plusSeconds(10)), false, readScope()));
    tokens.authenticate(secret);
    clock.advance(Duration.ofSeconds(9));
    tokens.authenticate(secret);
    clock.advance(Duration.ofSeconds(1));
    assertAuthn(() -> tokens.authenticate(secret));
    // Still listed until revoked.
    assertThat(tokens.exists("short")).isTrue();
  }

  // ---- revoke ----

  @Test
  void revokedTokensStopWorkingAndRevokingTwiceIsNotFound() {
    String secret = issue(root, IssueAccessTokenRequest.of("victim", readScope()));
    tokens.revoke(root, "victim").join();
    assertAuthn(() -> tokens.authenticate(secret));
    S2Exception again = failure(() -> tokens.revoke(root, "victim"));
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.code()).isEqualTo("access_token_not_found");
    assertThat(failure(() -> tokens.revoke(root, "never-was")).code())
        .isEqualTo("access_token_not_found");
    // The id is free again.
    String reissued = issue(root, IssueAccessTokenRequest.of("victim", readScope()));
    tokens.authenticate(reissued);
    assertAuthn(() -> tokens.authenticate(secret));
  }

  @Test
  void revokingNeedsTheOperationAndTheIdInScope() {
    issue(root, IssueAccessTokenRequest.of("ci-1", readScope()));
    issue(root, IssueAccessTokenRequest.of("prod-1", readScope()));
    Principal ciAdmin =
        authenticate(
            "ci-admin",
            AccessTokenScope.builder()
                .accessTokens(ResourceSet.prefix("ci-"))
                .ops(Operation.REVOKE_ACCESS_TOKEN)
                .build());
    Principal noRevoke =
        authenticate(
            "no-revoke",
            AccessTokenScope.builder()
                .accessTokens(ResourceSet.prefix(""))
                .ops(Operation.LIST_ACCESS_TOKENS)
                .build());
    assertDenied(() -> tokens.revoke(ciAdmin, "prod-1"));
    // Out of scope is 403 whether or not the token exists.
    assertDenied(() -> tokens.revoke(ciAdmin, "prod-404"));
    assertDenied(() -> tokens.revoke(noRevoke, "ci-1"));
    assertThat(tokens.exists("prod-1")).isTrue();
    tokens.revoke(ciAdmin, "ci-1").join();
    assertThat(tokens.exists("ci-1")).isFalse();
    assertThat(failure(() -> tokens.revoke(ciAdmin, "ci-1")).status()).isEqualTo(404);
  }

  @Test
  void aTokenCanRevokeItself() {
    String secret =
        issue(
            root,
            IssueAccessTokenRequest.of(
                "self",
                AccessTokenScope.builder()
                    .accessTokens(ResourceSet.exact("self"))
                    .ops(Operation.REVOKE_ACCESS_TOKEN)
                    .build()));
    Principal self = tokens.authenticate(secret);
    tokens.revoke(self, "self").join();
    assertAuthn(() -> tokens.authenticate(secret));
  }

  // ---- list ----

  @Test
  void listPaginatesInByteOrder() {
    for (String id : List.of("b", "a", "ab", "aa", "c", "é", "z", "\uD83D\uDE00", "\uFFFD")) {
      issue(root, IssueAccessTokenRequest.of(id, readScope()));
    }
    // UTF-8 byte order: U+00E9 < U+FFFD < U+1F600 (String.compareTo would put the emoji first).
    assertThat(ids(tokens.list(root, "", "", 0)))
        .containsExactly("a", "aa", "ab", "b", "c", "root", "z", "é", "\uFFFD", "\uD83D\uDE00");

    ListAccessTokensResponse first = tokens.list(root, "a", "", 2);
    assertThat(ids(first)).containsExactly("a", "aa");
    assertThat(first.hasMore()).isTrue();
    ListAccessTokensResponse second = tokens.list(root, "a", "aa", 2);
    assertThat(ids(second)).containsExactly("ab");
    assertThat(second.hasMore()).isFalse();

    // Exactly `limit` matches left: no more.
    ListAccessTokensResponse exact = tokens.list(root, "a", "", 3);
    assertThat(ids(exact)).containsExactly("a", "aa", "ab");
    assertThat(exact.hasMore()).isFalse();

    // start_after before the prefix, and after every match.
    assertThat(ids(tokens.list(root, "b", "a", 10))).containsExactly("b");
    assertThat(ids(tokens.list(root, "a", "b", 10))).isEmpty();
    assertThat(ids(tokens.list(root, "", "z", 10))).containsExactly("é", "\uFFFD", "\uD83D\uDE00");
  }

  @Test
  void listLimitZeroOrAbove1000MeansAThousand() {
    for (int i = 0; i < 1001; i++) {
      issue(root, IssueAccessTokenRequest.of(String.format("t%04d", i), readScope()));
    }
    for (int limit : List.of(0, 1001, Integer.MAX_VALUE, -1)) {
      ListAccessTokensResponse page = tokens.list(root, "t", "", limit);
      assertThat(page.accessTokens()).as("limit %d", limit).hasSize(1000);
      assertThat(page.hasMore()).isTrue();
    }
    ListAccessTokensResponse rest = tokens.list(root, "t", "t0999", 0);
    assertThat(ids(rest)).containsExactly("t1000");
    assertThat(rest.hasMore()).isFalse();
  }

  @Test
  void listOnlyShowsIdsInTheCallersScope() {
    for (String id : List.of("ci-1", "ci-2", "prod-1", "ci-3")) {
      issue(root, IssueAccessTokenRequest.of(id, readScope()));
    }
    Principal ci =
        authenticate(
            "lister",
            AccessTokenScope.builder()
                .accessTokens(ResourceSet.prefix("ci-"))
                .ops(Operation.LIST_ACCESS_TOKENS)
                .build());
    ListAccessTokensResponse page = tokens.list(ci, "", "", 2);
    assertThat(ids(page)).containsExactly("ci-1", "ci-2");
    assertThat(page.hasMore()).isTrue();
    assertThat(ids(tokens.list(ci, "", "ci-2", 2))).containsExactly("ci-3");
    assertThat(tokens.list(ci, "", "ci-2", 2).hasMore()).isFalse();

    // A prefix query narrower or wider than the scope, or disjoint from it.
    assertThat(ids(tokens.list(ci, "ci-2", "", 0))).containsExactly("ci-2");
    assertThat(ids(tokens.list(ci, "c", "", 0))).containsExactly("ci-1", "ci-2", "ci-3");
    assertThat(ids(tokens.list(ci, "prod", "", 0))).isEmpty();
    assertThat(ids(tokens.list(ci, "", "ci-1", 0))).containsExactly("ci-2", "ci-3");

    Principal one =
        authenticate(
            "one-lister",
            AccessTokenScope.builder()
                .accessTokens(ResourceSet.exact("ci-2"))
                .ops(Operation.LIST_ACCESS_TOKENS)
                .build());
    assertThat(ids(tokens.list(one, "", "", 0))).containsExactly("ci-2");
    assertThat(ids(tokens.list(one, "ci", "", 0))).containsExactly("ci-2");
    assertThat(ids(tokens.list(one, "ci-3", "", 0))).isEmpty();
    assertThat(ids(tokens.list(one, "", "ci-2", 0))).isEmpty();

    Principal none =
        authenticate(
            "none-lister", AccessTokenScope.builder().ops(Operation.LIST_ACCESS_TOKENS).build());
    assertThat(ids(tokens.list(none, "", "", 0))).isEmpty();

    Principal cannotList =
        authenticate(
            "no-list",
            AccessTokenScope.builder()
                .accessTokens(ResourceSet.prefix(""))
                .ops(Operation.REVOKE_ACCESS_TOKEN)
                .build());
    assertDenied(() -> tokens.list(cannotList, "", "", 0));
  }

  @Test
  void listedScopesAreNormalized() {
    issue(
        root,
        new IssueAccessTokenRequest(
            "norm",
            Optional.empty(),
            false,
            AccessTokenScope.builder()
                .basins(ResourceSet.exact(""))
                .streams(ResourceSet.prefix(""))
                .opGroups(OpGroupPermissions.of(null, null, ReadWrite.READ_ONLY))
                .ops(Operation.APPEND, Operation.APPEND)
                .build()));
    AccessTokenInfo info = info("norm");
    assertThat(info.autoPrefixStreams()).isFalse();
    assertThat(info.scope().basins()).isEmpty();
    assertThat(info.scope().streams()).contains(ResourceSet.prefix(""));
    assertThat(info.scope().accessTokens()).isEmpty();
    assertThat(info.scope().opGroups())
        .contains(OpGroupPermissions.of(ReadWrite.NONE, ReadWrite.NONE, ReadWrite.READ_ONLY));
    assertThat(info.scope().ops()).contains(List.of(Operation.APPEND));
  }

  // ---- helpers ----

  /** Reads any stream in any basin. */
  private static AccessTokenScope readScope() {
    return AccessTokenScope.builder()
        .basins(ResourceSet.prefix(""))
        .streams(ResourceSet.prefix(""))
        .ops(Operation.READ)
        .build();
  }

  /** Read on every stream, but nothing about tokens: within most issuers' scopes. */
  private static AccessTokenScope readScopeWithin() {
    return readScope();
  }

  private static AccessTokenScope issuingScope() {
    return AccessTokenScope.builder()
        .basins(ResourceSet.prefix(""))
        .streams(ResourceSet.prefix(""))
        .accessTokens(ResourceSet.prefix(""))
        .ops(Operation.ISSUE_ACCESS_TOKEN, Operation.READ, Operation.LIST_ACCESS_TOKENS)
        .build();
  }

  private static OpGroupPermissions groups(ReadWrite a, ReadWrite b, ReadWrite s) {
    return OpGroupPermissions.of(a, b, s);
  }

  private static AccessTokenScope.Builder copy(AccessTokenScope.Builder builder) {
    AccessTokenScope s = builder.build();
    return AccessTokenScope.builder()
        .basins(s.basins().orElse(null))
        .streams(s.streams().orElse(null))
        .accessTokens(s.accessTokens().orElse(null))
        .opGroups(s.opGroups().orElse(null))
        .ops(s.ops().orElse(null));
  }

  private void assertEscalation(Principal issuer, AccessTokenScope scope) {
    int before = tokens.list(root, "", "", 0).accessTokens().size();
    assertDenied(() -> tokens.issue(issuer, IssueAccessTokenRequest.of("sub-esc", scope)));
    assertThat(tokens.list(root, "", "", 0).accessTokens()).hasSize(before);
  }

  private Principal authenticate(String id, AccessTokenScope scope) {
    return tokens.authenticate(issue(root, IssueAccessTokenRequest.of(id, scope)));
  }

  private Principal authenticate(String id, IssueAccessTokenRequest request) {
    return tokens.authenticate(issue(root, request));
  }

  private String issue(Principal issuer, IssueAccessTokenRequest request) {
    return tokens.issue(issuer, request).join();
  }

  private AccessTokenInfo info(String id) {
    return tokens.list(root, id, "", 0).accessTokens().stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> ids(ListAccessTokensResponse page) {
    List<String> ids = new ArrayList<>();
    page.accessTokens().forEach(t -> ids.add(t.id()));
    return ids;
  }

  /** The S2Exception a call throws or completes with. */
  static S2Exception failure(Supplier<? extends java.util.concurrent.CompletableFuture<?>> call) {
    Throwable thrown = catchThrowable(() -> call.get().join());
    if (thrown instanceof CompletionException && thrown.getCause() != null) {
      thrown = thrown.getCause();
    }
    assertThat(thrown).isInstanceOf(S2Exception.class);
    return (S2Exception) thrown;
  }

  private static void assertInvalid(
      Supplier<? extends java.util.concurrent.CompletableFuture<?>> call) {
    S2Exception e = failure(call);
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.code()).isEqualTo("invalid");
  }

  static void assertAuthn(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(S2Exception.class);
    assertThat(((S2Exception) thrown).status()).isEqualTo(401);
    assertThat(((S2Exception) thrown).code()).isEqualTo("authn");
  }
}

package dev.s2reactive.server.internal.auth;

import dev.s2reactive.core.error.ErrorCode;
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
import dev.s2reactive.server.internal.NameOrder;
import dev.s2reactive.server.internal.storage.MetaBatch;
import dev.s2reactive.server.internal.storage.MetaStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The account's access tokens (protocol §12): issue, list, revoke, and authenticate a bearer
 * secret.
 *
 * <p>Tokens live in the {@link MetaStore} under {@value #KEY_PREFIX}{@code <id>}, holding the
 * SHA-256 of the secret, never the secret. All tokens are also indexed in memory (loaded by {@link
 * #load}, kept current by issue and revoke), so {@link #authenticate} and {@link #list} never touch
 * storage. Secrets are compared with {@link MessageDigest#isEqual}; the in-memory index is keyed by
 * the first 8 bytes of the hash, which tells an attacker timing nothing about the secret.
 *
 * <p>Threading: every method is safe from any thread and never blocks; {@link #issue} and {@link
 * #revoke} complete when the change is durable. A revoked token stops authenticating as soon as
 * {@link #revoke} is called.
 */
public final class AccessTokens {

  /** Metadata key prefix of stored tokens. */
  public static final String KEY_PREFIX = "access-token/";

  /** Id of the token created when a data directory is first used. */
  public static final String ROOT_TOKEN_ID = "root";

  /** Largest page {@link #list} returns. */
  public static final int MAX_LIST_LIMIT = 1000;

  static final int MAX_ID_BYTES = 96;
  private static final Bytes KEY_PREFIX_BYTES = Bytes.utf8(KEY_PREFIX);

  /** A stored token with its principal, built once. */
  private record Entry(StoredToken token, ScopedPrincipal principal) {
    Entry(StoredToken token) {
      this(token, token.principal());
    }
  }

  private final MetaStore store;
  private final Clock clock;
  private final ConcurrentSkipListMap<String, Entry> byId = new ConcurrentSkipListMap<>(NameOrder.INSTANCE);
  private final ConcurrentHashMap<Long, List<Entry>> bySelector = new ConcurrentHashMap<>();

  /** Ids with an issue or revoke in flight; at most one change per id at a time. */
  private final Set<String> busyIds = ConcurrentHashMap.newKeySet();

  private AccessTokens(MetaStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Loads every stored token into memory. May block on disk: call it at startup. */
  public static AccessTokens load(MetaStore store, Clock clock) {
    AccessTokens tokens = new AccessTokens(store, clock);
    Bytes startAfter = Bytes.EMPTY;
    while (true) {
      List<MetaStore.MetaEntry> page = store.scan(KEY_PREFIX_BYTES, startAfter, MAX_LIST_LIMIT);
      for (MetaStore.MetaEntry entry : page) {
        tokens.index(new Entry(StoredToken.decode(entry.value())));
      }
      if (page.size() < MAX_LIST_LIMIT) {
        return tokens;
      }
      startAfter = page.get(page.size() - 1).key();
    }
  }

  /**
   * The principal whose token has this secret. Unknown, revoked and expired tokens fail with 401
   * {@code authn}.
   */
  public Principal authenticate(String secret) {
    byte[] hash = TokenSecrets.hash(secret);
    for (Entry entry : bySelector.getOrDefault(selector(hash), List.of())) {
      if (MessageDigest.isEqual(entry.token.hashForComparison(), hash)) {
        if (entry.principal.isExpiredAt(clock.instant())) {
          throw S2Exception.of(ErrorCode.AUTHN, "Access token has expired");
        }
        return entry.principal;
      }
    }
    throw S2Exception.of(ErrorCode.AUTHN, "Invalid access token");
  }

  /** True when {@code secret} authenticates right now. */
  public boolean isValid(String secret) {
    try {
      authenticate(secret);
      return true;
    } catch (S2Exception e) {
      return false;
    }
  }

  /** True when a token with this id exists. */
  public boolean exists(String id) {
    return byId.containsKey(id);
  }

  /**
   * Issues a token on behalf of {@code issuer} and completes with its secret once it is durable.
   * Failures (thrown or as a failed future): 400 {@code bad_json} for an invalid id, 403 {@code
   * permission_denied} when the issuer may not issue this id or asks for more than its own scope
   * (operations, resources, or a later expiry), 422 {@code invalid} for an empty operation set,
   * {@code auto_prefix_streams} without a streams prefix, or a past expiry, and 409 {@code
   * resource_already_exists} for a taken id.
   */
  public CompletableFuture<String> issue(Principal issuer, IssueAccessTokenRequest request) {
    String id = request.id();
    checkId(id, ErrorCode.BAD_JSON);
    issuer.checkAccessToken(Operation.ISSUE_ACCESS_TOKEN, id);
    AccessTokenScope scope = normalize(request.scope());
    if (ScopedPrincipal.effectiveOps(scope).isEmpty()) {
      throw S2Exception.of(ErrorCode.INVALID, "Access token must allow at least one operation");
    }
    if (request.autoPrefixStreams()
        && !scope.streams().map(s -> s.kind() == ResourceSet.Kind.PREFIX).orElse(false)) {
      throw S2Exception.of(
          ErrorCode.INVALID, "auto_prefix_streams requires streams to be a prefix set");
    }
    if (request.expiresAt().isPresent() && !request.expiresAt().get().isAfter(clock.instant())) {
      throw S2Exception.of(ErrorCode.INVALID, "expires_at must be in the future");
    }
    Optional<Instant> expiresAt = Grants.checkGrant(issuer, scope, request.expiresAt());
    return create(
        new StoredTokenDraft(id, expiresAt, request.autoPrefixStreams(), scope),
        TokenSecrets.generate(),
        null);
  }

  /**
   * Creates the root token (every resource, every operation, no expiry) and, in the same atomic
   * write, puts {@code marker} so that a later start knows the root token was made.
   */
  CompletableFuture<String> createRoot(String secret, Bytes marker) {
    AccessTokenScope scope =
        normalize(
            AccessTokenScope.builder()
                .basins(ResourceSet.prefix(""))
                .streams(ResourceSet.prefix(""))
                .accessTokens(ResourceSet.prefix(""))
                .opGroups(
                    OpGroupPermissions.of(
                        ReadWrite.READ_WRITE, ReadWrite.READ_WRITE, ReadWrite.READ_WRITE))
                .ops(List.of(Operation.values()))
                .build());
    return create(
        new StoredTokenDraft(ROOT_TOKEN_ID, Optional.empty(), false, scope), secret, marker);
  }

  private record StoredTokenDraft(
      String id, Optional<Instant> expiresAt, boolean autoPrefixStreams, AccessTokenScope scope) {}

  private CompletableFuture<String> create(StoredTokenDraft draft, String secret, Bytes marker) {
    String id = draft.id();
    if (!busyIds.add(id)) {
      throw alreadyExists(id);
    }
    if (byId.containsKey(id)) {
      busyIds.remove(id);
      throw alreadyExists(id);
    }
    StoredToken token =
        new StoredToken(
            id,
            TokenSecrets.hash(secret),
            draft.expiresAt(),
            draft.autoPrefixStreams(),
            draft.scope());
    Entry entry = new Entry(token);
    CompletableFuture<Void> write;
    try {
      MetaBatch batch = new MetaBatch().put(key(id), token.encode());
      if (marker != null) {
        batch.put(marker, Bytes.EMPTY);
      }
      write = store.write(batch);
    } catch (RuntimeException e) {
      busyIds.remove(id);
      return CompletableFuture.failedFuture(storageFailure(e));
    }
    return write.handle(
        (ok, error) -> {
          try {
            if (error != null) {
              throw storageFailure(error);
            }
            index(entry);
            return secret;
          } finally {
            busyIds.remove(id);
          }
        });
  }

  /**
   * One page of the tokens whose ids the caller's {@code access_tokens} scope covers, with ids
   * starting with {@code prefix} and after {@code startAfter} in byte order. {@code limit} 0 or
   * above 1000 means 1000.
   */
  public ListAccessTokensResponse list(
      Principal caller, String prefix, String startAfter, int limit) {
    caller.checkAccount(Operation.LIST_ACCESS_TOKENS);
    int pageSize = limit <= 0 || limit > MAX_LIST_LIMIT ? MAX_LIST_LIMIT : limit;
    Optional<String> visible = visiblePrefix(caller, prefix);
    if (visible.isEmpty()) {
      return new ListAccessTokensResponse(List.of(), false);
    }
    String scan = visible.get();
    Map<String, Entry> after =
        NameOrder.INSTANCE.compare(startAfter, scan) >= 0
            ? byId.tailMap(startAfter, false)
            : byId.tailMap(scan, true);
    List<AccessTokenInfo> page = new ArrayList<>(Math.min(pageSize, 16));
    boolean hasMore = false;
    for (Map.Entry<String, Entry> e : after.entrySet()) {
      String id = e.getKey();
      if (!id.startsWith(scan)) {
        break;
      }
      if (!canSee(caller, id)) {
        continue;
      }
      if (page.size() == pageSize) {
        hasMore = true;
        break;
      }
      page.add(e.getValue().token.info());
    }
    return new ListAccessTokensResponse(page, hasMore);
  }

  /**
   * Revokes a token; completes once the removal is durable. 403 {@code permission_denied} when the
   * id is outside the caller's scope, 404 {@code access_token_not_found} when no such token exists
   * (or it is being revoked already).
   */
  public CompletableFuture<Void> revoke(Principal caller, String id) {
    caller.checkAccessToken(Operation.REVOKE_ACCESS_TOKEN, id);
    if (!busyIds.add(id)) {
      throw notFound(id);
    }
    Entry entry = byId.get(id);
    if (entry == null) {
      busyIds.remove(id);
      throw notFound(id);
    }
    unindexSecret(entry);
    CompletableFuture<Void> write;
    try {
      write = store.write(new MetaBatch().delete(key(id)));
    } catch (RuntimeException e) {
      indexSecret(entry);
      busyIds.remove(id);
      return CompletableFuture.failedFuture(storageFailure(e));
    }
    return write.handle(
        (ok, error) -> {
          try {
            if (error != null) {
              indexSecret(entry);
              throw storageFailure(error);
            }
            byId.remove(id);
            return null;
          } finally {
            busyIds.remove(id);
          }
        });
  }

  /** Validates a token id: 1–96 bytes of UTF-8, not "." or "..". */
  static void checkId(String id, ErrorCode code) {
    if (id.isEmpty()
        || id.equals(".")
        || id.equals("..")
        || id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      throw S2Exception.of(
          code, "Access token id must be 1 to 96 bytes and not \".\" or \"..\": `" + id + "`");
    }
  }

  /**
   * The scope as it is stored and listed: "none" resource sets ({@code {"exact":""}}) become
   * absent, all three op groups are present, and {@code ops} is a duplicate-free list.
   */
  static AccessTokenScope normalize(AccessTokenScope scope) {
    OpGroupPermissions groups = scope.opGroups().orElse(OpGroupPermissions.NONE);
    List<Operation> ops = new ArrayList<>();
    EnumSet<Operation> seen = EnumSet.noneOf(Operation.class);
    for (Operation op : scope.ops().orElse(List.of())) {
      if (seen.add(op)) {
        ops.add(op);
      }
    }
    return AccessTokenScope.builder()
        .basins(nonEmpty(scope.basins()))
        .streams(nonEmpty(scope.streams()))
        .accessTokens(nonEmpty(scope.accessTokens()))
        .opGroups(
            OpGroupPermissions.of(
                groups.account().orElse(ReadWrite.NONE),
                groups.basin().orElse(ReadWrite.NONE),
                groups.stream().orElse(ReadWrite.NONE)))
        .ops(ops)
        .build();
  }

  private static ResourceSet nonEmpty(Optional<ResourceSet> set) {
    return set.filter(s -> s.kind() == ResourceSet.Kind.PREFIX || !s.value().isEmpty())
        .orElse(null);
  }

  /**
   * The narrowest id prefix covering every id that both starts with {@code prefix} and is in the
   * caller's scope, so a listing never walks tokens the caller cannot see; empty when there are
   * none.
   */
  private static Optional<String> visiblePrefix(Principal caller, String prefix) {
    if (caller == Principal.UNRESTRICTED) {
      return Optional.of(prefix);
    }
    if (!(caller instanceof ScopedPrincipal scoped)) {
      return Optional.empty();
    }
    Optional<ResourceSet> set = scoped.scope().accessTokens();
    if (set.isEmpty()) {
      return Optional.empty();
    }
    String value = set.get().value();
    if (set.get().kind() == ResourceSet.Kind.EXACT) {
      return value.isEmpty() || !value.startsWith(prefix) ? Optional.empty() : Optional.of(value);
    }
    if (value.startsWith(prefix)) {
      return Optional.of(value);
    }
    return prefix.startsWith(value) ? Optional.of(prefix) : Optional.empty();
  }

  private static boolean canSee(Principal caller, String id) {
    if (caller instanceof ScopedPrincipal scoped) {
      return scoped.canSeeAccessToken(id);
    }
    return caller == Principal.UNRESTRICTED;
  }

  private void index(Entry entry) {
    byId.put(entry.token.id(), entry);
    indexSecret(entry);
  }

  private void indexSecret(Entry entry) {
    bySelector.compute(
        selector(entry.token.hashForComparison()),
        (k, list) -> {
          List<Entry> next = new ArrayList<>(list == null ? List.of() : list);
          next.add(entry);
          return List.copyOf(next);
        });
  }

  private void unindexSecret(Entry entry) {
    bySelector.computeIfPresent(
        selector(entry.token.hashForComparison()),
        (k, list) -> {
          List<Entry> next = new ArrayList<>(list);
          next.remove(entry);
          return next.isEmpty() ? null : List.copyOf(next);
        });
  }

  private static long selector(byte[] hash) {
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << 8) | (hash[i] & 0xFF);
    }
    return value;
  }

  private static Bytes key(String id) {
    return Bytes.utf8(KEY_PREFIX + id);
  }

  private static S2Exception alreadyExists(String id) {
    return S2Exception.of(
        ErrorCode.RESOURCE_ALREADY_EXISTS, "access token `" + id + "` already exists");
  }

  private static S2Exception notFound(String id) {
    return S2Exception.of(ErrorCode.ACCESS_TOKEN_NOT_FOUND, "access token `" + id + "` not found");
  }

  private static S2Exception storageFailure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof S2Exception s2) {
      return s2;
    }
    S2Exception failure = S2Exception.of(ErrorCode.STORAGE, "failed to store access token");
    failure.addSuppressed(cause);
    return failure;
  }
}

package dev.s2reactive.server.internal.auth;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ResourceSet;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A principal bounded by an access token's scope (protocol §12). Allowed operations are {@code ops}
 * ∪ the operations of {@code op_groups}; basin, stream and token names are checked against the
 * scope's resource sets, where an absent set or {@code {"exact":""}} allows nothing. With {@code
 * auto_prefix_streams} the streams prefix is added to every requested stream name and stripped from
 * listed ones.
 *
 * <p>Expiry is recorded here but enforced when a token is authenticated. Immutable and thread-safe.
 */
public final class ScopedPrincipal implements Principal {

  private final AccessTokenScope scope;
  private final boolean autoPrefixStreams;
  private final Optional<Instant> expiresAt;
  private final Set<Operation> ops;
  private final String streamPrefix;

  private ScopedPrincipal(
      AccessTokenScope scope, boolean autoPrefixStreams, Optional<Instant> expiresAt) {
    this.scope = Objects.requireNonNull(scope, "scope");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.ops = Collections.unmodifiableSet(effectiveOps(scope));
    this.autoPrefixStreams = autoPrefixStreams;
    Optional<ResourceSet> streams = scope.streams();
    if (autoPrefixStreams
        && (streams.isEmpty() || streams.get().kind() != ResourceSet.Kind.PREFIX)) {
      throw new IllegalArgumentException("auto_prefix_streams needs a streams prefix");
    }
    this.streamPrefix = autoPrefixStreams ? streams.get().value() : "";
  }

  /**
   * A principal for a token with this scope. Throws {@link IllegalArgumentException} when {@code
   * autoPrefixStreams} is set but the streams set is not a prefix.
   */
  public static ScopedPrincipal of(
      AccessTokenScope scope, boolean autoPrefixStreams, Optional<Instant> expiresAt) {
    return new ScopedPrincipal(scope, autoPrefixStreams, expiresAt);
  }

  /** {@code ops} ∪ the operations covered by {@code op_groups}. */
  public static EnumSet<Operation> effectiveOps(AccessTokenScope scope) {
    EnumSet<Operation> ops =
        scope
            .opGroups()
            .map(OperationGroups::covered)
            .orElseGet(() -> EnumSet.noneOf(Operation.class));
    scope.ops().ifPresent(ops::addAll);
    return ops;
  }

  public AccessTokenScope scope() {
    return scope;
  }

  public boolean autoPrefixStreams() {
    return autoPrefixStreams;
  }

  /** When the token stops working; empty when it never expires. */
  public Optional<Instant> expiresAt() {
    return expiresAt;
  }

  /** True when the scope allows {@code operation} (on some resource). */
  public boolean permits(Operation operation) {
    return ops.contains(operation);
  }

  /** True once the token has expired at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
  }

  @Override
  public void checkAccount(Operation operation) {
    checkOperation(operation);
  }

  @Override
  public void checkBasin(Operation operation, String basin) {
    checkOperation(operation);
    checkResource(scope.basins(), basin, "basin");
  }

  @Override
  public String checkStream(Operation operation, String basin, String stream) {
    checkOperation(operation);
    checkResource(scope.basins(), basin, "basin");
    String stored = streamPrefix + stream;
    if (!matches(scope.streams(), stored)) {
      throw denied("stream", stream);
    }
    return stored;
  }

  @Override
  public void checkAccessToken(Operation operation, String tokenId) {
    checkOperation(operation);
    checkResource(scope.accessTokens(), tokenId, "access token");
  }

  @Override
  public boolean canSeeBasin(String basin) {
    return matches(scope.basins(), basin);
  }

  /** Whether a token id appears in this principal's token listing. */
  public boolean canSeeAccessToken(String tokenId) {
    return matches(scope.accessTokens(), tokenId);
  }

  @Override
  public Optional<String> visibleStreamName(String storedName) {
    if (!matches(scope.streams(), storedName)) {
      return Optional.empty();
    }
    return Optional.of(storedName.substring(streamPrefix.length()));
  }

  @Override
  public String storedStreamPrefix(String requestedPrefix) {
    return streamPrefix + requestedPrefix;
  }

  private void checkOperation(Operation operation) {
    if (!ops.contains(operation)) {
      throw S2Exception.of(
          ErrorCode.PERMISSION_DENIED,
          "Operation `" + operation.wireName() + "` is not permitted by the access token");
    }
  }

  private static void checkResource(Optional<ResourceSet> set, String name, String kind) {
    if (!matches(set, name)) {
      throw denied(kind, name);
    }
  }

  private static S2Exception denied(String kind, String name) {
    return S2Exception.of(
        ErrorCode.PERMISSION_DENIED,
        "Access to " + kind + " `" + name + "` is not permitted by the access token");
  }

  static boolean matches(Optional<ResourceSet> set, String name) {
    return set.isPresent() && set.get().matches(name);
  }

  @Override
  public String toString() {
    return "ScopedPrincipal[scope="
        + scope
        + ", autoPrefixStreams="
        + autoPrefixStreams
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}

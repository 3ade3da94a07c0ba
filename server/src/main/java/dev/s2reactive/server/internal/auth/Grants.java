package dev.s2reactive.server.internal.auth;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ResourceSet;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Escalation checks for issuing a token (protocol §12.1): a token may only grant what its issuer
 * holds. Resource sets are compared as sets of names in stored (absolute) form, so an issuer with
 * {@code auto_prefix_streams} must spell out its full stream prefix.
 */
final class Grants {

  private Grants() {}

  /**
   * Checks that {@code issuer} may grant {@code scope} (already normalized) and returns the new
   * token's expiry: the requested one, or the issuer's when none is requested. Throws 403 {@code
   * permission_denied} on any escalation.
   */
  static Optional<Instant> checkGrant(
      Principal issuer, AccessTokenScope scope, Optional<Instant> requestedExpiry) {
    if (issuer == Principal.UNRESTRICTED) {
      return requestedExpiry;
    }
    if (!(issuer instanceof ScopedPrincipal held)) {
      throw denied("the caller cannot issue access tokens");
    }
    EnumSet<Operation> extra = ScopedPrincipal.effectiveOps(scope);
    extra.removeAll(ScopedPrincipal.effectiveOps(held.scope()));
    if (!extra.isEmpty()) {
      throw denied(
          "operation `" + extra.iterator().next().wireName() + "` is not held by the issuer");
    }
    checkSubset("basins", held.scope().basins(), scope.basins());
    checkSubset("streams", held.scope().streams(), scope.streams());
    checkSubset("access_tokens", held.scope().accessTokens(), scope.accessTokens());
    if (held.expiresAt().isEmpty()) {
      return requestedExpiry;
    }
    if (requestedExpiry.isEmpty()) {
      return held.expiresAt();
    }
    if (requestedExpiry.get().isAfter(held.expiresAt().get())) {
      throw denied("expires_at cannot be later than the issuing token's expiry");
    }
    return requestedExpiry;
  }

  /** True when every name {@code inner} matches is also matched by {@code outer}. */
  static boolean covers(Optional<ResourceSet> outer, Optional<ResourceSet> inner) {
    if (inner.isEmpty() || isNone(inner.get())) {
      return true;
    }
    if (outer.isEmpty() || isNone(outer.get())) {
      return false;
    }
    ResourceSet in = inner.get();
    ResourceSet out = outer.get();
    if (in.kind() == ResourceSet.Kind.EXACT) {
      return out.matches(in.value());
    }
    return out.kind() == ResourceSet.Kind.PREFIX && in.value().startsWith(out.value());
  }

  private static boolean isNone(ResourceSet set) {
    return set.kind() == ResourceSet.Kind.EXACT && set.value().isEmpty();
  }

  private static void checkSubset(
      String kind, Optional<ResourceSet> held, Optional<ResourceSet> requested) {
    if (!covers(held, requested)) {
      throw denied("requested " + kind + " are outside the issuer's scope");
    }
  }

  private static S2Exception denied(String message) {
    return S2Exception.of(ErrorCode.PERMISSION_DENIED, "Permission escalation: " + message);
  }
}

package dev.s2reactive.server.internal.auth;

import static dev.s2reactive.server.internal.auth.AccessTokensTest.assertAuthn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryStorage storage = new InMemoryStorage();
  private final AccessTokens tokens = AccessTokens.load(storage, clock);
  private final String rootSecret =
      RootToken.bootstrap(tokens, storage, Optional.empty()).orElseThrow();
  private final Authenticator auth = Authenticator.enabled(tokens);

  @AfterEach
  void tearDown() {
    storage.close();
  }

  @Test
  void aBearerTokenAuthenticates() {
    assertThat(auth.isEnabled()).isTrue();
    assertThat(auth.authenticate("Bearer " + rootSecret)).isInstanceOf(ScopedPrincipal.class);
    assertThat(auth.authenticate("bearer " + rootSecret)).isInstanceOf(ScopedPrincipal.class);
    assertThat(auth.authenticate("BEARER   " + rootSecret + " "))
        .isInstanceOf(ScopedPrincipal.class);
  }

  @Test
  void missingOrMalformedHeadersAre401() {
    for (String header :
        new String[] {
          null,
          "",
          "Bearer",
          "Bearer ",
          rootSecret,
          "Basic " + rootSecret,
          "Bearer" + rootSecret,
          "Bearer " + rootSecret + " extra",
          "Bearer " + rootSecret + "x"
        }) {
      assertAuthn(() -> auth.authenticate(header));
    }
  }

  @Test
  void expiredAndRevokedTokensAre401() {
    Principal root = tokens.authenticate(rootSecret);
    AccessTokenScope scope = AccessTokenScope.builder().ops(Operation.LIST_BASINS).build();
    String expiring =
        tokens
            .issue(
                root,
                new IssueAccessTokenRequest(
                    "expiring", Optional.of(clock.instant().plusSeconds(5)), false, scope))
            .join();
    String revoked = tokens.issue(root, IssueAccessTokenRequest.of("revoked", scope)).join();

    auth.authenticate("Bearer " + expiring).checkAccount(Operation.LIST_BASINS);
    tokens.revoke(root, "revoked").join();
    assertAuthn(() -> auth.authenticate("Bearer " + revoked));
    clock.advance(Duration.ofSeconds(5));
    assertAuthn(() -> auth.authenticate("Bearer " + expiring));
  }

  @Test
  void disabledAuthIgnoresTheHeader() {
    Authenticator off = Authenticator.disabled();
    assertThat(off.isEnabled()).isFalse();
    assertThat(off.authenticate((String) null)).isSameAs(Principal.UNRESTRICTED);
    assertThat(off.authenticate("garbage")).isSameAs(Principal.UNRESTRICTED);
    assertThat(off.authenticate("Bearer " + rootSecret)).isSameAs(Principal.UNRESTRICTED);
  }
}

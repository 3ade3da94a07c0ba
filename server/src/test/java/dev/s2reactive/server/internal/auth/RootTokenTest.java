package dev.s2reactive.server.internal.auth;

import static dev.s2reactive.server.internal.auth.AccessTokensTest.assertAuthn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s2reactive.core.model.Operation;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootTokenTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryStorage storage = new InMemoryStorage();

  @TempDir Path dataDir;

  @AfterEach
  void tearDown() {
    storage.close();
  }

  @Test
  void firstStartCreatesAFullScopeRootTokenAndAnOwnerOnlyFile() throws Exception {
    AccessTokens tokens = AccessTokens.load(storage, clock);
    String secret = RootToken.bootstrap(tokens, storage, Optional.of(dataDir)).orElseThrow();

    Path file = dataDir.resolve(RootToken.FILE_NAME);
    assertThat(Files.readString(file, StandardCharsets.UTF_8).strip()).isEqualTo(secret);
    assertThat(dataDir.resolve(RootToken.FILE_NAME + ".tmp")).doesNotExist();
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }

    ScopedPrincipal root = (ScopedPrincipal) tokens.authenticate(secret);
    for (Operation op : Operation.values()) {
      assertThat(root.permits(op)).as(op.wireName()).isTrue();
    }
    assertThat(root.expiresAt()).isEmpty();
    assertThat(root.checkStream(Operation.APPEND, "any-basin", "any/stream"))
        .isEqualTo("any/stream");
    root.checkBasin(Operation.DELETE_BASIN, "some-basin");
    root.checkAccessToken(Operation.REVOKE_ACCESS_TOKEN, "whatever");
    assertThat(tokens.list(root, "", "", 0).accessTokens())
        .singleElement()
        .satisfies(t -> assertThat(t.id()).isEqualTo(AccessTokens.ROOT_TOKEN_ID));
  }

  @Test
  void theFileIsCreatedOwnerOnlyEvenWithAPermissiveUmask() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    // A stale, world-readable file from elsewhere is replaced, not reused with its mode.
    Path file = dataDir.resolve(RootToken.FILE_NAME);
    Files.writeString(file, "stale");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    RootToken.writeSecret(file, "fresh");
    assertThat(Files.readString(file).strip()).isEqualTo("fresh");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void laterStartsReuseTheSecretAndCreateNoOtherToken() {
    AccessTokens first = AccessTokens.load(storage, clock);
    String secret = RootToken.bootstrap(first, storage, Optional.of(dataDir)).orElseThrow();

    AccessTokens second = AccessTokens.load(storage, clock);
    assertThat(RootToken.bootstrap(second, storage, Optional.of(dataDir))).contains(secret);
    Principal root = second.authenticate(secret);
    assertThat(second.list(root, "", "", 0).accessTokens()).hasSize(1);
  }

  @Test
  void aRevokedRootTokenIsNotRecreated() {
    AccessTokens first = AccessTokens.load(storage, clock);
    String secret = RootToken.bootstrap(first, storage, Optional.of(dataDir)).orElseThrow();
    first.revoke(first.authenticate(secret), AccessTokens.ROOT_TOKEN_ID).join();

    AccessTokens second = AccessTokens.load(storage, clock);
    assertThat(RootToken.bootstrap(second, storage, Optional.of(dataDir))).isEmpty();
    assertAuthn(() -> second.authenticate(secret));
    assertThat(second.exists(AccessTokens.ROOT_TOKEN_ID)).isFalse();
  }

  @Test
  void aMissingFileOnALaterStartGivesNoSecret() throws Exception {
    AccessTokens first = AccessTokens.load(storage, clock);
    String secret = RootToken.bootstrap(first, storage, Optional.of(dataDir)).orElseThrow();
    Files.delete(dataDir.resolve(RootToken.FILE_NAME));

    AccessTokens second = AccessTokens.load(storage, clock);
    assertThat(RootToken.bootstrap(second, storage, Optional.of(dataDir))).isEmpty();
    // The token itself still works for whoever kept it.
    second.authenticate(secret);
  }

  @Test
  void inMemoryModeMakesAFreshTokenEachStartAndNoFile() throws Exception {
    String one;
    try (InMemoryStorage a = new InMemoryStorage()) {
      AccessTokens tokens = AccessTokens.load(a, clock);
      one = RootToken.bootstrap(tokens, a, Optional.empty()).orElseThrow();
      tokens.authenticate(one);
    }
    try (InMemoryStorage b = new InMemoryStorage()) {
      AccessTokens tokens = AccessTokens.load(b, clock);
      String two = RootToken.bootstrap(tokens, b, Optional.empty()).orElseThrow();
      assertThat(two).isNotEqualTo(one);
      tokens.authenticate(two);
      assertAuthn(() -> tokens.authenticate(one));
    }
    try (var files = Files.list(dataDir)) {
      assertThat(files).isEmpty();
    }
  }
}

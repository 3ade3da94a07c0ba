package dev.s2reactive.server.internal.auth;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.server.internal.storage.MetaStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Creates the root token the first time a data directory is used, so that {@code s2r lite} can
 * print it once (design: "Auth").
 *
 * <p>With a data directory the secret is written to {@value #FILE_NAME} there, created with mode
 * 0600 from the start (a temporary file opened with those permissions, then renamed), and only its
 * hash goes to the metadata store. The file is written before the token is stored: a crash in
 * between leaves no root token, and the next start makes a new one. A marker key stored with the
 * root token records that bootstrap happened, so a revoked root token is never recreated. Later
 * starts read the secret back from the file. Without a data directory every start makes a fresh
 * root token and writes no file.
 *
 * <p>Blocking (disk and a synced metadata write): call it at startup, not on an event loop.
 */
public final class RootToken {

  /** Name of the file holding the root secret inside the data directory. */
  public static final String FILE_NAME = "root-token";

  static final Bytes BOOTSTRAP_MARKER = Bytes.utf8("auth/root-token-created");

  private RootToken() {}

  /**
   * Ensures the root token exists and returns its secret, or empty when the data directory was
   * bootstrapped before and its {@value #FILE_NAME} file is gone or no longer valid (revoked).
   */
  public static Optional<String> bootstrap(
      AccessTokens tokens, MetaStore store, Optional<Path> dataDir) {
    if (dataDir.isEmpty()) {
      return Optional.of(create(tokens));
    }
    Path file = dataDir.get().resolve(FILE_NAME);
    if (store.get(BOOTSTRAP_MARKER).isPresent()) {
      return readSecret(file).filter(tokens::isValid);
    }
    String secret = TokenSecrets.generate();
    writeSecret(file, secret);
    tokens.createRoot(secret, BOOTSTRAP_MARKER).join();
    return Optional.of(secret);
  }

  private static String create(AccessTokens tokens) {
    String secret = TokenSecrets.generate();
    return tokens.createRoot(secret, BOOTSTRAP_MARKER).join();
  }

  private static Optional<String> readSecret(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          .filter(s -> !s.isEmpty());
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static void writeSecret(Path file, String secret) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      FileAttribute<?>[] attributes = ownerOnly();
      try (FileChannel channel =
          FileChannel.open(
              tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
        ByteBuffer bytes = ByteBuffer.wrap((secret + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    Set<PosixFilePermission> mode =
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)};
  }

  /** Makes the rename durable; not every platform can open a directory, which is fine. */
  private static void syncDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort.
    }
  }
}

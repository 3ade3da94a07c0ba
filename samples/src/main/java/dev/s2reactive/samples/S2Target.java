package dev.s2reactive.samples;

import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.server.S2Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a sample runs: an embedded server it starts (RocksDB in a temporary directory, removed on
 * {@link #close()}), or an existing S2 endpoint (s2r lite, hosted S2) reached with the given client
 * options. Thread-safe; close it once, after the sample's clients.
 */
public final class S2Target implements AutoCloseable {

  private final S2ClientOptions options;
  private final S2Server server;
  private final Path dataDirectory;
  private final String description;

  private S2Target(
      S2ClientOptions options, S2Server server, Path dataDirectory, String description) {
    this.options = options;
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.description = description;
  }

  /** Starts an embedded server on a free loopback port, with auth on and a fresh data directory. */
  public static S2Target embedded() {
    Path directory;
    try {
      directory = Files.createTempDirectory("s2r-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary data directory", e);
    }
    S2Server server;
    try {
      server = S2Server.builder().dataDirectory(directory).port(0).start();
    } catch (RuntimeException e) {
      deleteRecursively(directory);
      throw e;
    }
    String endpoint = server.endpoint().toString();
    S2ClientOptions.Builder options = S2ClientOptions.builder().endpoints(endpoint, endpoint);
    server.rootToken().ifPresent(options::accessToken);
    return new S2Target(
        options.build(),
        server,
        directory,
        "embedded S2 server at " + endpoint + " (RocksDB in " + directory + ")");
  }

  /**
   * An existing server. The options' token (if any) must be allowed to create basins and streams
   * and to issue access tokens; without a token the samples assume a server with auth off.
   */
  public static S2Target existing(S2ClientOptions options) {
    Objects.requireNonNull(options, "options");
    return new S2Target(options, null, null, "S2 at " + options.accountEndpoint());
  }

  /** Client options with the administrative token (or none). */
  public S2ClientOptions options() {
    return options;
  }

  /** True when this target started its own server (and so throws everything away on close). */
  public boolean isEmbedded() {
    return server != null;
  }

  /** One line saying where the sample runs. */
  public String description() {
    return description;
  }

  /** Stops the embedded server and deletes its data; does nothing for an existing server. */
  @Override
  public void close() {
    if (server != null) {
      try {
        server.close();
      } finally {
        deleteRecursively(dataDirectory);
      }
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory left behind is harmless
    }
  }
}

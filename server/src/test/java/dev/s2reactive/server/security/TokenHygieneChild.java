package dev.s2reactive.server.security;

import dev.s2reactive.server.S2Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM for {@link TokenHygieneTest}: a RocksDB-backed {@link S2Server} with every logger at
 * its most verbose level. Writes its port to {@code args[1]} (and nothing about tokens anywhere),
 * serves until its standard input closes, then closes the server cleanly and exits.
 */
public final class TokenHygieneChild {

  private TokenHygieneChild() {}

  public static void main(String[] args) throws Exception {
    try (S2Server server = S2Server.builder().dataDirectory(Path.of(args[0])).start()) {
      Path port = Path.of(args[1]);
      Path tmp = port.resolveSibling(port.getFileName() + ".tmp");
      Files.writeString(tmp, Integer.toString(server.port()), StandardCharsets.US_ASCII);
      Files.move(tmp, port);
      while (System.in.read() >= 0) {
        // Serve until the parent closes our stdin.
      }
    }
    System.exit(0);
  }
}

package dev.s2reactive.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * A deliberately broken "server" for testing the harnesses themselves: odd faults kill the server
 * and keep a copy of its data directory; even faults kill it and put that old copy back, so every
 * write acknowledged in between is lost, as if storage had acknowledged before syncing. A harness
 * that does not report such a run as broken cannot be trusted.
 */
final class RollbackFaults implements FaultInjector {

  private final LiteProcess server;
  private final Path snapshot;
  private long injected;

  RollbackFaults(LiteProcess server, Path snapshot) {
    this.server = server;
    this.snapshot = snapshot;
  }

  @Override
  public String describe() {
    return "SIGKILL + rollback of the data directory (simulated lost writes)";
  }

  @Override
  public void inject(RandomGenerator random) {
    server.kill();
    if (injected % 2 == 0) {
      copy(server.dataDir(), snapshot);
    } else {
      delete(server.dataDir());
      copy(snapshot, server.dataDir());
    }
    injected++;
    server.start();
  }

  @Override
  public long faultsInjected() {
    return injected;
  }

  private static void copy(Path from, Path to) {
    delete(to);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Files.copy(source, to.resolve(from.relativize(source).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.s2reactive.cli;

import dev.s2reactive.server.S2Server;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code s2r lite}: runs the embedded S2-compatible server until SIGTERM or SIGINT, then drains
 * open sessions and closes storage.
 */
@Command(
    name = "lite",
    mixinStandardHelpOptions = true,
    description = "Run the embedded S2-compatible server.")
final class LiteCommand implements Callable<Integer> {

  @ParentCommand S2r root;

  @Option(
      names = "--host",
      defaultValue = S2Server.Builder.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port to listen on; 0 picks a free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--no-cors", description = "Do not send CORS headers.")
  boolean noCors;

  @Option(
      names = "--no-auth",
      description = "Do not check access tokens (emulator mode: every request is allowed).")
  boolean noAuth;

  @ArgGroup(exclusive = true)
  Storage storage = new Storage();

  static final class Storage {
    @Option(
        names = "--data-dir",
        defaultValue = "s2r-data",
        description = "Directory for durable storage (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("s2r-data");

    @Option(names = "--in-memory", description = "Keep everything in memory; lost on exit.")
    boolean inMemory;
  }

  @Override
  public Integer call() throws InterruptedException {
    S2Server.Builder builder = S2Server.builder().host(host).port(port).cors(!noCors).auth(!noAuth);
    if (!storage.inMemory) {
      builder.dataDirectory(storage.dataDir);
    }
    S2Server server = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "s2r-lite-shutdown"));
    printBanner(root == null ? System.out : root.env().out(), server);
    stopped.await();
    return 0;
  }

  private static void printBanner(PrintStream out, S2Server server) {
    String endpoint = server.endpoint().toString();
    out.println("listening on " + endpoint);
    out.println("export S2_ACCOUNT_ENDPOINT=" + endpoint);
    out.println("export S2_BASIN_ENDPOINT=" + endpoint);
    out.println("export S2_ACCESS_TOKEN=" + server.rootToken().orElse("ignored"));
    out.flush();
  }
}

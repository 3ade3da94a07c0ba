package dev.s2reactive.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code s2r lite} running as a separate JVM on one data directory and one port, so it can be
 * killed with SIGKILL and started again where clients expect it. The first {@link #start()} picks
 * a free port; restarts keep it, so clients' retries and read resumptions reach the new process.
 *
 * <p>Not thread-safe: one controller (the test or a {@link FaultInjector}) starts and kills it.
 * One daemon thread per running process drains its output into {@code <logDir>/lite-N.log}.
 */
public final class LiteProcess implements AutoCloseable {

  /** SIGKILL's exit status as the JDK reports it on Linux (128 + 9). */
  public static final int SIGKILL_EXIT_STATUS = 137;

  private static final String LISTENING = "listening on ";
  private static final String TOKEN_EXPORT = "export S2_ACCESS_TOKEN=";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final Path logDir;
  private final String classpath;
  private int port;
  private volatile Process process;
  private URI endpoint;
  private String accessToken;
  private int starts;
  private int kills;
  private boolean hookInstalled;

  /**
   * @param dataDir the server's {@code --data-dir}
   * @param logDir where each run's stdout and stderr go
   * @param classpath a classpath holding {@code dev.s2reactive.cli.S2r} and its dependencies
   */
  public LiteProcess(Path dataDir, Path logDir, String classpath) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.logDir = Objects.requireNonNull(logDir, "logDir");
    this.classpath = Objects.requireNonNull(classpath, "classpath");
  }

  /**
   * The classpath of the running JVM: Surefire's test classpath when run under Surefire (its own
   * {@code java.class.path} is a manifest-only jar), else {@code java.class.path}.
   */
  public static String currentClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /** Starts the server and waits for its banner; the first start picks the port. */
  public void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running");
    }
    if (port == 0) {
      port = freePort();
    }
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve("lite-" + starts + ".log");
      starts++;
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(
          List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
      command.addAll(List.of("-cp", classpath, "dev.s2reactive.cli.S2r", "lite"));
      command.addAll(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString()));
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!hookInstalled) {
        // a test JVM that dies must not leave a server behind
        Runtime.getRuntime().addShutdownHook(new Thread(this::destroyIfAlive, "lite-reaper"));
        hookInstalled = true;
      }
      CompletableFuture<String[]> banner = new CompletableFuture<>();
      Process started = process;
      Thread drain = new Thread(() -> drain(started, log, banner), "lite-output-" + port);
      drain.setDaemon(true);
      drain.start();
      String[] lines = banner.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      endpoint = URI.create(lines[0]);
      accessToken = lines[1];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start s2r lite", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException("interrupted while starting s2r lite", e);
    } catch (ExecutionException | TimeoutException e) {
      kill();
      throw new IllegalStateException(
          "s2r lite did not start (see " + logDir + "): " + e.getMessage(), e);
    }
  }

  /**
   * Kills the server with SIGKILL ({@link Process#destroyForcibly()} on Linux), waits for it to
   * exit, and returns its exit status ({@link #SIGKILL_EXIT_STATUS} when the signal killed it).
   */
  public int kill() {
    if (process == null) {
      throw new IllegalStateException("not started");
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("s2r lite survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing s2r lite", e);
    }
    kills++;
    return process.exitValue();
  }

  /** Kills (SIGKILL) and starts again on the same directory and port; returns the kill status. */
  public int crashAndRestart() {
    int status = kill();
    start();
    return status;
  }

  /** The server's {@code http://host:port}, known once started; the same across restarts. */
  public URI endpoint() {
    if (endpoint == null) {
      throw new IllegalStateException("not started");
    }
    return endpoint;
  }

  /** The root token printed at start (read back from the data directory on restarts). */
  public String accessToken() {
    if (accessToken == null) {
      throw new IllegalStateException("not started");
    }
    return accessToken;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The operating system's process id of the current run. */
  public long pid() {
    return process.pid();
  }

  public int starts() {
    return starts;
  }

  public int kills() {
    return kills;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the server with SIGTERM (clean shutdown), or SIGKILL if it does not exit in 30 s. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void destroyIfAlive() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
    }
  }

  private static void drain(Process process, Path log, CompletableFuture<String[]> banner) {
    String endpointLine = null;
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(LISTENING)) {
          endpointLine = line.substring(LISTENING.length()).strip();
          out.write(line);
        } else if (line.startsWith(TOKEN_EXPORT) && endpointLine != null) {
          banner.complete(new String[] {endpointLine, line.substring(TOKEN_EXPORT.length())});
          out.write(TOKEN_EXPORT + "<redacted>");
        } else {
          out.write(line);
        }
        out.newLine();
        out.flush();
      }
    } catch (IOException e) {
      banner.completeExceptionally(e);
    }
    banner.completeExceptionally(new IOException("s2r lite exited before printing its banner"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.s2reactive.benchmarks.internal;

import dev.s2reactive.server.S2Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * An embedded server in a child JVM, so that its heap can be measured apart from the client's.
 *
 * <p>The parent side ({@link #start}) launches {@link #main} with the parent's class path and the
 * given JVM options (e.g. {@code -Xmx512m}), and talks to it over stdin/stdout, one command per
 * line: {@code gc} (a few full collections, then {@code heap BYTES} used), {@code histo} (the class
 * histogram of live objects, as {@code jmap -histo:live} prints it) and {@code quit}. Not
 * thread-safe: one caller at a time; each call blocks until the child answers.
 */
public final class ChildServer implements AutoCloseable {

  private static final String END = "--end--";

  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final URI endpoint;

  private ChildServer(Process process, BufferedReader out, Writer in, URI endpoint) {
    this.process = process;
    this.out = out;
    this.in = in;
    this.endpoint = endpoint;
  }

  /**
   * Starts a child JVM serving a RocksDB server (auth off) in {@code dataDir}; blocks until it
   * listens. The child's stderr goes to this process's stderr.
   */
  public static ChildServer start(Path dataDir, List<String> jvmOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChildServer.class.getName());
    command.add(dataDir.toString());
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    while (line != null && !line.startsWith("endpoint ")) {
      line = out.readLine(); // anything a library printed first
    }
    if (line == null) {
      process.destroyForcibly();
      throw new IOException("child server did not start: " + line);
    }
    return new ChildServer(process,
        out,
        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
        URI.create(line.substring("endpoint ".length())));
  }

  /** {@code http://host:port} of the child's server. */
  public URI endpoint() {
    return endpoint;
  }

  public long pid() {
    return process.pid();
  }

  /** Used heap of the child after full collections, in bytes. */
  public long heapAfterGc() throws IOException {
    for (String line : ask("gc")) {
      if (line.startsWith("heap ")) {
        return Long.parseLong(line.substring("heap ".length()));
      }
    }
    throw new IOException("child server did not report its heap");
  }

  /** Live-object class histogram of the child: one line per class, jmap's format. */
  public List<String> histogram() throws IOException {
    return ask("histo");
  }

  /** Resident set size of the child from /proc (Linux), or -1. */
  public long rssBytes() {
    return vmRss(Path.of("/proc", Long.toString(process.pid()), "status"));
  }

  private List<String> ask(String command) throws IOException {
    in.write(command + "\n");
    in.flush();
    List<String> lines = new ArrayList<>();
    for (String line = out.readLine(); !END.equals(line); line = out.readLine()) {
      if (line == null) {
        throw new IOException("child server exited during " + command);
      }
      lines.add(line);
    }
    return lines;
  }

  /** Asks the child to close its server and exit; kills it if it has not after 30 s. */
  @Override
  public void close() {
    try {
      in.write("quit\n");
      in.flush();
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static long vmRss(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** The child: {@code ChildServer DATA_DIR}; prints {@code endpoint URI}, then serves commands. */
  public static void main(String[] args) throws Exception {
    PrintStream stdout = System.out;
    try (S2Server server = S2Server.builder().dataDirectory(Path.of(args[0])).auth(false)
        .drainTimeout(Duration.ofSeconds(1)).start()) {
      stdout.println("endpoint " + server.endpoint());
      stdout.flush();
      BufferedReader commands = new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = commands.readLine(); line != null && !line.equals("quit");
          line = commands.readLine()) {
        switch (line) {
          case "gc" -> stdout.println("heap " + IdleReaders.usedHeapAfterGc());
          case "histo" -> stdout.print(histogramOfLiveObjects());
          default -> System.err.println("child server: unknown command " + line);
        }
        stdout.println(END);
        stdout.flush();
      }
    }
    System.exit(0);
  }

  private static String histogramOfLiveObjects() throws Exception {
    // What `jcmd <pid> GC.class_histogram` runs (a full GC, then live objects only).
    Object text = ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    String histogram = text.toString();
    return histogram.endsWith("\n") ? histogram : histogram + "\n";
  }
}

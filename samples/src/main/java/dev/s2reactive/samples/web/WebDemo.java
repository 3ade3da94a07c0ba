package dev.s2reactive.samples.web;

import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.server.S2Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The browser-reader demo ({@code s2r demo web}): an embedded S2 server with CORS and auth on, a
 * writer appending synthetic log lines to {@value #BASIN}/{@value #STREAM}, a read-only token
 * scoped to that stream, and a second port serving the page of {@code samples/web} with the
 * endpoint and token filled in. The page reads over SSE with {@code fetch} (so it can send the
 * token), and resumes with {@code Last-Event-ID} when {@link #restartServer()} bounces the server.
 *
 * <p>Start it with {@link #start(Options)} and stop it with {@link #close()}; {@link #main} runs
 * it until Ctrl-C, restarting the server whenever a line is read from standard input. The
 * methods are thread-safe; {@link #restartServer()} blocks until the new server listens.
 */
public final class WebDemo implements AutoCloseable {

  /** Basin of the demo stream. */
  public static final String BASIN = "web-demo";
  /** The demo stream. */
  public static final String STREAM = "app/logs";

  private final Options options;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int serverPort;
  private final String readToken;
  private final String noReadToken;
  private final S2Client client;
  private final LogWriter writer;
  private final PageServer page;
  private S2Server server;

  /**
   * How to run the demo.
   *
   * @param serverPort port of the S2 server (0: any free port, kept across restarts)
   * @param pagePort port of the page (0: any free port)
   * @param dataDir RocksDB directory; null: a temporary one, deleted on close
   * @param webDir directory holding {@code index.html}; null: found from the working directory
   * @param appendInterval time between two appended log lines
   */
  public record Options(
      int serverPort, int pagePort, Path dataDir, Path webDir, Duration appendInterval) {

    public Options {
      Objects.requireNonNull(appendInterval, "appendInterval");
    }

    /** Any free ports, a temporary data directory, a line every 250 ms. */
    public static Options defaults() {
      return new Options(0, 0, null, null, Duration.ofMillis(250));
    }
  }

  private WebDemo(Options options) throws IOException {
    this.options = options;
    this.ownsDataDir = options.dataDir() == null;
    this.dataDir =
        ownsDataDir ? Files.createTempDirectory("s2r-web-demo") : options.dataDir();
    Path webDir = options.webDir() != null ? options.webDir() : findWebDir();
    this.server = startServer(options.serverPort());
    this.serverPort = server.port();
    String endpoint = server.endpoint().toString();
    String rootToken = server.rootToken().orElseThrow(
        () -> new IllegalStateException("the demo needs the root token of a fresh data dir"));
    this.client =
        S2Client.create(
            S2ClientOptions.builder().endpoints(endpoint, endpoint).accessToken(rootToken).build());
    ReactorS2Client s2 = ReactorS2Client.from(client);
    s2.ensureBasin(BASIN, EnsureBasinRequest.EMPTY).block();
    s2.basin(BASIN).ensureStream(STREAM, StreamConfig.EMPTY).block();
    this.readToken = issueToken(s2, "reader", ReadWrite.READ_ONLY);
    this.noReadToken = issueToken(s2, "no-read", ReadWrite.WRITE_ONLY);
    this.writer = new LogWriter(s2.stream(BASIN, STREAM), options.appendInterval());
    this.page =
        new PageServer(
            "127.0.0.1", options.pagePort(), webDir, () -> configJs(endpoint), this::restartServer);
  }

  /** Starts the server, the writer and the page server. */
  public static WebDemo start(Options options) {
    try {
      return new WebDemo(options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page, configured with the read-only token. */
  public URI pageUrl() {
    return page.url();
  }

  /** The page with a token that may append but not read, which shows the permission error. */
  public URI noReadPageUrl() {
    return URI.create(page.url() + "#token=" + noReadToken);
  }

  /** The S2 endpoint (account and basin endpoint alike); stays the same across restarts. */
  public synchronized URI endpoint() {
    return server.endpoint();
  }

  /** The read-only token the page uses. */
  public String readToken() {
    return readToken;
  }

  /** Records the writer got acknowledged so far. */
  public long appended() {
    return writer.appended();
  }

  /**
   * Closes the S2 server (open read sessions are cut) and starts it again on the same port and
   * data directory; returns once it listens. Records and tokens survive; appends in between fail.
   */
  public synchronized void restartServer() {
    server.close();
    server = startServer(serverPort);
    System.out.println("server restarted on " + server.endpoint());
  }

  @Override
  public synchronized void close() {
    page.close();
    writer.close();
    client.close();
    server.close();
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  private S2Server startServer(int port) {
    return S2Server.builder()
        .port(port)
        .dataDirectory(dataDir)
        .drainTimeout(Duration.ofSeconds(1))
        .start();
  }

  private static String issueToken(ReactorS2Client s2, String role, ReadWrite streamOps) {
    AccessTokenScope scope =
        AccessTokenScope.builder()
            .basins(ResourceSet.exact(BASIN))
            .streams(ResourceSet.exact(STREAM))
            .opGroups(OpGroupPermissions.of(ReadWrite.NONE, ReadWrite.NONE, streamOps))
            .build();
    // A random suffix keeps ids unique when a data directory is reused.
    String id = "web-demo-" + role + "-" + HexFormat.of().formatHex(randomBytes(4));
    return s2.issueAccessToken(IssueAccessTokenRequest.of(id, scope)).block().accessToken();
  }

  private String configJs(String endpoint) {
    return "window.S2_DEMO_CONFIG = {"
        + "\"endpoint\": " + jsonString(endpoint)
        + ", \"basin\": " + jsonString(BASIN)
        + ", \"stream\": " + jsonString(STREAM)
        + ", \"token\": " + jsonString(readToken)
        + ", \"demo\": true};\n";
  }

  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\' || c < 0x20 || c == '<' || c == '>' || c == '&') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  /** {@code samples/web} of the checkout the demo runs in (or {@code -Ds2r.web.dir}). */
  private static Path findWebDir() {
    String configured = System.getProperty("s2r.web.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate : new Path[] {dir.resolve("samples/web"), dir.resolve("web"), dir}) {
        if (Files.isRegularFile(candidate.resolve("index.html"))
            && Files.isRegularFile(candidate.resolve("s2-sse.js"))) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException(
        "cannot find samples/web/index.html from " + Path.of("").toAbsolutePath()
            + ": run from the repository or pass --web-dir");
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Runs the demo until Ctrl-C. Options: {@code --port N} (S2 server), {@code --page-port N},
   * {@code --data-dir DIR}, {@code --web-dir DIR}, {@code --interval-ms N}. Each line read from
   * standard input restarts the S2 server.
   */
  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    WebDemo demo = start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  stopped.countDown();
                }));
    System.out.println("S2 web demo");
    System.out.println("  server:  " + demo.endpoint() + "  (S2 endpoint, CORS on, auth on)");
    System.out.println("  stream:  " + BASIN + "/" + STREAM + "  (a log line every "
        + options.appendInterval().toMillis() + " ms)");
    System.out.println("  page:    " + demo.pageUrl());
    System.out.println("  no-read: " + demo.noReadPageUrl() + "  (a token without read permission)");
    System.out.println("Open the page. Press Enter (or the page's button) to restart the server;"
        + " Ctrl-C stops.");
    Thread stdin =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                  demo.restartServer();
                }
              } catch (IOException | RuntimeException e) {
                System.err.println("stdin: " + e.getMessage());
              }
            },
            "web-demo-stdin");
    stdin.setDaemon(true);
    stdin.start();
    stopped.await();
  }

  private static Options parse(String[] args) {
    Options d = Options.defaults();
    int port = d.serverPort();
    int pagePort = d.pagePort();
    Path dataDir = null;
    Path webDir = null;
    Duration interval = d.appendInterval();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> port = Integer.parseInt(value);
        case "--page-port" -> pagePort = Integer.parseInt(value);
        case "--data-dir" -> dataDir = Path.of(value);
        case "--web-dir" -> webDir = Path.of(value);
        case "--interval-ms" -> interval = Duration.ofMillis(Long.parseLong(value));
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    return new Options(port, pagePort, dataDir, webDir, interval);
  }
}

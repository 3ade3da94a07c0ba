package dev.s2reactive.samples;

import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.samples.web.WebDemo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code s2r demo [NAME]}: runs one of the samples ({@code broadcast}, the default; {@code resume};
 * {@code fanout}) on an embedded server, or on an existing one with {@code --endpoint} or {@code
 * --env}, prints what it saw and exits 0 when every check passed, 1 otherwise (with a one-line
 * error on stderr when a step failed).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a sample of the broadcast pattern and check what every reader received.",
      "  broadcast  one writer, readers with a read-only token: live Flux and Flowable tails,",
      "             a timestamp-window replay, the last N records; append->read latency",
      "  resume     a reader saves its cursor in a file, stops, and resumes exactly there",
      "  fanout     N readers tail one stream; none may miss or duplicate a record",
      "  web        a browser page follows the stream over SSE with a read-only token",
      "Without --endpoint or --env it starts an embedded server with a temporary data directory."
    })
public final class DemoCommand implements Callable<Integer> {

  /** The sample names, the default first. */
  public static final List<String> SAMPLES = List.of("broadcast", "resume", "fanout", "web");

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "broadcast",
      paramLabel = "NAME",
      description = "broadcast (default), resume, fanout or web.")
  String name;

  @Option(
      names = "--records",
      paramLabel = "N",
      description = "Log lines to write (default: broadcast 5000, resume 1000, fanout 1000).")
  Integer records;

  @Option(
      names = "--readers",
      paramLabel = "N",
      defaultValue = "100",
      description = "fanout: concurrent readers (default: ${DEFAULT-VALUE}).")
  int readers;

  @Option(
      names = "--last",
      paramLabel = "N",
      defaultValue = "100",
      description = "broadcast: records the tail-offset reader reads (default: ${DEFAULT-VALUE}).")
  int lastN;

  @Option(
      names = "--cursor-file",
      paramLabel = "FILE",
      description = "resume: where the reader keeps its cursor (default: a temporary file).")
  Path cursorFile;

  @Option(
      names = "--page-port",
      paramLabel = "N",
      defaultValue = "0",
      description = "web: the port of the page server (default: any free port).")
  int pagePort;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "0",
      description = "web: the port of the embedded S2 server (default: any free port).")
  int serverPort;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "Run on an existing server (account and basin endpoint): http://host:port.")
  String endpoint;

  @Option(
      names = "--basin-endpoint",
      paramLabel = "URL",
      description = "With --endpoint: a different basin endpoint.")
  String basinEndpoint;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "With --endpoint: the access token (default: $S2_ACCESS_TOKEN).")
  String token;

  @Option(
      names = "--env",
      description =
          "Run on the server named by S2_ACCOUNT_ENDPOINT, S2_BASIN_ENDPOINT and S2_ACCESS_TOKEN"
              + " (hosted S2 when the endpoints are unset).")
  boolean env;

  /**
   * Netty's and Reactor Netty's loggers (java.util.logging when no SLF4J binding is present), held
   * so that their level sticks: connection resets while the demo shuts down are noise next to the
   * demo's own checks.
   */
  private static final List<Logger> QUIET =
      List.of(Logger.getLogger("io.netty"), Logger.getLogger("reactor.netty"));

  @Spec CommandSpec spec;

  /** Runs {@code demo NAME args...} and returns the exit code (used by the samples' mains). */
  public static int run(String name, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = name;
    System.arraycopy(args, 0, all, 1, args.length);
    return new CommandLine(new DemoCommand()).execute(all);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!SAMPLES.contains(name)) {
      err.println("s2r demo: unknown sample '" + name + "': choose one of " + SAMPLES);
      return 2;
    }
    Consumer<String> progress =
        line -> {
          out.println(line);
          out.flush();
        };
    QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
    if (name.equals("web")) {
      return runWeb(err);
    }
    long started = System.nanoTime();
    try (S2Target target = target()) {
      List<String> summary;
      boolean ok;
      switch (name) {
        case "resume" -> {
          Resume.Options options = Resume.Options.defaults();
          if (records != null) {
            options = options.withRecords(records);
          }
          ResumeResult result = Resume.run(target, options, cursorFile, progress);
          summary = result.summary();
          ok = result.ok();
        }
        case "fanout" -> {
          Fanout.Options options = Fanout.Options.defaults().withReaders(readers);
          if (records != null) {
            options = options.withRecords(records);
          }
          FanoutResult result = Fanout.run(target, options, progress);
          summary = result.summary();
          ok = result.ok();
        }
        default -> {
          Broadcast.Options options = Broadcast.Options.defaults().withLastN(lastN);
          if (records != null) {
            options = options.withRecords(records);
          }
          BroadcastResult result = Broadcast.run(target, options, progress);
          summary = result.summary();
          ok = result.ok();
        }
      }
      summary.forEach(out::println);
      out.printf("(%.1f s)%n", (System.nanoTime() - started) / 1e9);
      out.flush();
      if (!ok) {
        err.println("s2r demo: " + name + " found a mismatch (see above)");
      }
      return ok ? 0 : 1;
    } catch (RuntimeException e) {
      out.flush();
      err.println("s2r demo: " + describe(e));
      return 1;
    }
  }

  /** The web demo runs until Ctrl-C, so it has no summary: its page shows what it does. */
  private int runWeb(PrintWriter err) {
    try {
      WebDemo.main(
          new String[] {
            "--port", Integer.toString(serverPort), "--page-port", Integer.toString(pagePort)
          });
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } catch (Exception e) {
      err.println("s2r demo: web: " + describe(e));
      return 1;
    }
  }

  private S2Target target() {
    if (env) {
      return S2Target.existing(S2ClientOptions.fromEnv());
    }
    if (endpoint == null) {
      return S2Target.embedded();
    }
    S2ClientOptions.Builder options =
        S2ClientOptions.builder()
            .endpoints(endpoint, basinEndpoint == null ? endpoint : basinEndpoint);
    String secret = token != null ? token : System.getenv(S2ClientOptions.ENV_ACCESS_TOKEN);
    if (secret != null && !secret.isBlank()) {
      options.accessToken(secret.strip());
    }
    return S2Target.existing(options.build());
  }

  /** One line for an error: the S2 code and message, or the innermost useful message. */
  static String describe(Throwable error) {
    Throwable e = error;
    while (!(e instanceof S2Exception) && e.getCause() != null && e.getMessage() == null) {
      e = e.getCause();
    }
    if (e instanceof S2Exception s2) {
      return s2.status() + " " + s2.code() + ": " + s2.getMessage();
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}

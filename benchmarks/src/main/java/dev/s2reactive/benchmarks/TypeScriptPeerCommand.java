package dev.s2reactive.benchmarks;

import dev.s2reactive.benchmarks.internal.BenchConfig;
import dev.s2reactive.benchmarks.internal.BenchReport;
import dev.s2reactive.benchmarks.internal.BenchRunner;
import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.reactor.ReactorS2Basin;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.server.S2Server;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Target T6: the official TypeScript SDK ({@code benchmarks/ts-peer/bench.mjs}) and this Java
 * client run the same workload (records of one size, as fast as each client's batching producer
 * goes, one live reader, one catch-up read) one after the other against the same embedded server.
 * Prints {@code {"typescript": {...}, "java": {...}}}. Needs {@code node} and the SDK installed
 * under {@code benchmarks/ts-peer/node_modules} (see the README); prints a skip notice otherwise.
 */
@Command(name = "ts-peer", mixinStandardHelpOptions = true,
    description = "The bench workload through the TypeScript SDK and the Java client.")
public final class TypeScriptPeerCommand implements Callable<Integer> {

  @Option(names = {"-b", "--record-size"}, defaultValue = "1024")
  int recordSize;

  @Option(names = {"-d", "--duration"}, defaultValue = "10s",
      converter = BenchCommand.DurationConverter.class)
  Duration duration;

  @Option(names = "--script", defaultValue = "benchmarks/ts-peer/bench.mjs")
  Path script;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TypeScriptPeerCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path sdk = script.toAbsolutePath().getParent()
        .resolve("node_modules/@s2-dev/streamstore");
    if (!Files.isDirectory(sdk)) {
      System.out.println("{\"skipped\":\"" + sdk + " not installed\"}");
      return 0;
    }
    Path dir = Files.createTempDirectory("ts-peer");
    try (S2Server server = S2Server.builder().dataDirectory(dir).auth(false)
        .drainTimeout(Duration.ofSeconds(1)).start();
        S2Client s2 = S2Client.create(S2ClientOptions.builder()
            .endpoints(server.endpoint().toString(), server.endpoint().toString()).build())) {
      ReactorS2Client client = ReactorS2Client.from(s2);
      client.ensureBasin("bench-basin", EnsureBasinRequest.EMPTY).block(Duration.ofSeconds(30));
      String endpoint = server.endpoint().toString();
      ProcessBuilder launcher = new ProcessBuilder("node", script.toString(), "bench-basin",
          "ts-peer", Integer.toString(recordSize), Long.toString(duration.toMillis()))
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      launcher.environment().put("S2_ACCOUNT_ENDPOINT", endpoint);
      launcher.environment().put("S2_BASIN_ENDPOINT", endpoint);
      launcher.environment().put("S2_ACCESS_TOKEN", "bench");
      Process node = launcher.start();
      node.getOutputStream().close();
      String tsJson;
      try (var out = node.getInputStream()) {
        String[] lines = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
        tsJson = lines[lines.length - 1];
      }
      if (!node.waitFor(duration.toSeconds() + 180, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
      ReactorS2Basin basin = client.basin("bench-basin");
      basin.createStream(CreateStreamRequest.of("java-peer", BenchCommand.BENCH_STREAM))
          .block(Duration.ofSeconds(30));
      BenchConfig config = new BenchConfig(recordSize, 0, duration, Duration.ZERO, 1, 0,
          Duration.ofMillis(5), Duration.ofSeconds(60));
      BenchReport java = new BenchRunner(basin.stream("java-peer"), null, config)
          .run("java client (same server)", Map.of());
      System.out.println("{\"typescript\":" + (tsJson.startsWith("{") ? tsJson : "null")
          + ",\"java\":" + java.toJson() + "}");
      return java.verified() ? 0 : 1;
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}

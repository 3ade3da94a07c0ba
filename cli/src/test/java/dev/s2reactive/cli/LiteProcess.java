package dev.s2reactive.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM running {@code s2r} (with this test's classpath): {@code lite} servers and
 * long-running commands such as a following {@code read}. Standard output and error are collected
 * line by line on a daemon thread.
 */
final class LiteProcess implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private LiteProcess(Process process) {
    this.process = process;
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException ignored) {
                // the process went away
              } finally {
                ended.complete(null);
                synchronized (lines) {
                  lines.notifyAll();
                }
              }
            },
            "s2r-process-stdout");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code s2r ARGS} in a new JVM with the given environment additions. */
  static LiteProcess start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(S2r.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new LiteProcess(builder.start());
  }

  /** Waits for the first line starting with {@code prefix}; returns the rest of it. */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (String line : lines) {
          if (line.startsWith(prefix)) {
            return line.substring(prefix.length());
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended.isDone()) {
          throw new AssertionError(
              "no line starting with '" + prefix + "' within " + timeout + "; got " + lines);
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}

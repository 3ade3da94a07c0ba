package dev.s2reactive.benchmarks;

import picocli.CommandLine;

/** Runs {@link BenchCommand} without the {@code s2r} launcher: {@code java ... BenchMain ARGS}. */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }
}

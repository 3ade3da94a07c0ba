package dev.s2reactive.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code s2r} command line: entry point and the list of subcommands. Commands and flags follow
 * the official {@code s2} CLI; endpoints and token come from {@code S2_ACCOUNT_ENDPOINT}, {@code
 * S2_BASIN_ENDPOINT} and {@code S2_ACCESS_TOKEN}. A failure is one line {@code s2r: <message>} on
 * standard error and a non-zero exit code (2 for usage errors, 1 otherwise).
 */
@Command(
    name = "s2r",
    mixinStandardHelpOptions = true,
    versionProvider = S2r.Version.class,
    description = "Durable S2 streams from the command line, and an embedded S2-compatible server.",
    subcommands = {
      LsCommand.class,
      ListBasinsCommand.class,
      CreateBasinCommand.class,
      DeleteBasinCommand.class,
      GetBasinConfigCommand.class,
      ReconfigureBasinCommand.class,
      ListAccessTokensCommand.class,
      IssueAccessTokenCommand.class,
      RevokeAccessTokenCommand.class,
      ListStreamsCommand.class,
      CreateStreamCommand.class,
      DeleteStreamCommand.class,
      GetStreamConfigCommand.class,
      ReconfigureStreamCommand.class,
      CheckTailCommand.class,
      TrimCommand.class,
      FenceCommand.class,
      AppendCommand.class,
      ReadCommand.class,
      TailCommand.class,
      LiteCommand.class,
      CommandLine.HelpCommand.class
    })
public final class S2r {

  private final CliEnv env;

  private S2r(CliEnv env) {
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line against this process's standard streams and environment. */
  public static int run(String... args) {
    return run(CliEnv.system(), args);
  }

  /** The command line with every subcommand, including demo and bench when on the class path. */
  public static CommandLine commandLine() {
    return commandLine(CliEnv.system());
  }

  static int run(CliEnv env, String... args) {
    return commandLine(env).execute(args);
  }

  static CommandLine commandLine(CliEnv env) {
    CommandLine cli = new CommandLine(new S2r(env));
    cli.setOut(new PrintWriter(env.out(), true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(env.err(), true, StandardCharsets.UTF_8));
    PLUGGED_IN.forEach(className -> addIfOnClassPath(cli, className));
    cli.setExecutionExceptionHandler(
        (error, commandLine, parseResult) -> {
          commandLine.getErr().println("s2r: " + ErrorMessages.describe(error));
          return 1;
        });
    cli.setParameterExceptionHandler(
        (error, args) -> {
          CommandLine failed = error.getCommandLine();
          failed
              .getErr()
              .println(
                  "s2r: "
                      + error.getMessage()
                      + " (see '"
                      + failed.getCommandSpec().qualifiedName()
                      + " --help')");
          return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
    return cli;
  }

  /**
   * Commands that live in modules the cli must not import (design: nothing imports samples; the
   * benchmarks import everything), found on the class path of the fat jar.
   */
  private static final List<String> PLUGGED_IN =
      List.of("dev.s2reactive.samples.DemoCommand", "dev.s2reactive.benchmarks.BenchCommand");

  private static void addIfOnClassPath(CommandLine cli, String className) {
    Class<?> command;
    try {
      command = Class.forName(className, false, S2r.class.getClassLoader());
    } catch (ClassNotFoundException absent) {
      return;
    }
    CommandLine sub = new CommandLine(command);
    sub.setOut(cli.getOut());
    sub.setErr(cli.getErr());
    cli.addSubcommand(sub);
  }

  CliEnv env() {
    return Objects.requireNonNull(env, "env");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = S2r.class.getPackage().getImplementationVersion();
      return new String[] {"s2r " + (version == null ? "dev" : version)};
    }
  }
}

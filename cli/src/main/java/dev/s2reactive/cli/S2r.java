package dev.s2reactive.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code s2r} command line: entry point and the list of subcommands. */
@Command(
    name = "s2r",
    mixinStandardHelpOptions = true,
    versionProvider = S2r.Version.class,
    description = "Durable S2 streams from the command line, and an embedded S2-compatible server.",
    subcommands = {
      LiteCommand.class,
      AppendCommand.class,
      ReadCommand.class,
      CommandLine.HelpCommand.class
    })
public final class S2r {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (for tests). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new S2r());
    cli.setExecutionExceptionHandler(
        (error, commandLine, parseResult) -> {
          commandLine.getErr().println("s2r: " + error.getMessage());
          return 1;
        });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = S2r.class.getPackage().getImplementationVersion();
      return new String[] {"s2r " + (version == null ? "dev" : version)};
    }
  }
}

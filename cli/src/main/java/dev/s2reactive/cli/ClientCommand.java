package dev.s2reactive.cli;

import dev.s2reactive.core.S2Client;
import dev.s2reactive.reactor.ReactorS2Client;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A subcommand that talks to S2: opens one client for the run and closes it afterwards. */
abstract class ClientCommand implements Callable<Integer> {

  @ParentCommand S2r root;

  @Override
  public final Integer call() throws Exception {
    CliEnv env = root.env();
    try (S2Client client = env.newClient()) {
      return run(ReactorS2Client.from(client), env);
    }
  }

  /** Runs the command; returns the exit code. Failures are reported by {@link S2r}. */
  abstract int run(ReactorS2Client s2, CliEnv env) throws Exception;
}

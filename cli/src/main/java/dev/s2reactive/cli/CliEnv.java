package dev.s2reactive.cli;

import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch outside itself: standard streams, environment variables, and whether a
 * person is watching (progress lines only then). Tests pass their own; {@link #system()} is the
 * real process.
 *
 * @param interactive true when standard error is a terminal
 */
record CliEnv(
    InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean interactive) {

  CliEnv {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
  }

  static CliEnv system() {
    return new CliEnv(System.in, System.out, System.err, System.getenv(), System.console() != null);
  }

  /** A client configured from S2_ACCOUNT_ENDPOINT, S2_BASIN_ENDPOINT and S2_ACCESS_TOKEN. */
  S2Client newClient() {
    return S2Client.create(S2ClientOptions.fromEnv(env));
  }
}

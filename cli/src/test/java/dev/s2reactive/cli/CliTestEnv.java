package dev.s2reactive.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Captured standard streams for running {@link S2r} in-process. */
final class CliTestEnv {

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final CliEnv env;

  CliTestEnv(Map<String, String> vars, InputStream in) {
    env =
        new CliEnv(
            in,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            vars,
            false);
  }

  CliTestEnv(Map<String, String> vars, String stdin) {
    this(vars, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
  }

  CliTestEnv(Map<String, String> vars) {
    this(vars, "");
  }

  int run(String... args) {
    return S2r.run(env, args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

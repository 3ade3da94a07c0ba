package dev.s2reactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every s2r command's {@code --help} and parsed flags, pinned to files under {@code help/}: the
 * flags mirror the official {@code s2} CLI and users script against them.
 */
class HelpTextTest {

  static Stream<String> commands() {
    return S2r.commandLine(new CliTestEnv(Map.of()).env).getSubcommands().values().stream()
        .filter(sub -> sub.getCommand().getClass().getPackageName().equals("dev.s2reactive.cli"))
        .map(CommandLine::getCommandName);
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpAndFlagsAreUnchanged(String name) throws IOException {
    assertThat(describe(name)).isEqualTo(expected(name));
  }

  /** The help text, then one line per option and parameter with what the help does not show. */
  static String describe(String name) {
    CliTestEnv t = new CliTestEnv(Map.of());
    assertThat(t.run(name, "--help")).isZero();
    CommandSpec spec =
        S2r.commandLine(new CliTestEnv(Map.of()).env).getSubcommands().get(name).getCommandSpec();
    String args =
        Stream.concat(spec.options().stream(), spec.positionalParameters().stream())
            .map(HelpTextTest::describe)
            .sorted()
            .collect(Collectors.joining("\n"));
    return t.out().replace(System.lineSeparator(), "\n") + "---\n" + args + "\n";
  }

  private static String describe(ArgSpec arg) {
    String names =
        arg instanceof OptionSpec option
            ? String.join(",", option.names())
            : "param " + arg.paramLabel();
    return names
        + " arity="
        + arg.arity()
        + " type="
        + arg.type().getName()
        + " default="
        + arg.defaultValue()
        + " split="
        + arg.splitRegex()
        + " required="
        + arg.required()
        + " group="
        + (arg.group() == null ? "-" : arg.group().synopsis());
  }

  private static String expected(String name) throws IOException {
    try (InputStream in = HelpTextTest.class.getResourceAsStream("help/" + name + ".txt")) {
      assertThat(in).as("help/" + name + ".txt").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

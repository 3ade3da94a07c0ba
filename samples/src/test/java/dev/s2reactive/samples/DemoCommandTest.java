package dev.s2reactive.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.S2Server;
import dev.s2reactive.testkit.S2ServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(S2ServerExtension.class)
class DemoCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int demo(String... args) {
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void broadcastOnAnExistingServer(S2Server server) {
    int code =
        demo(
            "--endpoint", server.endpoint().toString(),
            "--token", server.rootToken().orElseThrow(),
            "--records", "200",
            "--last", "20");
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("live tail (Reactor Flux)", "refused, 403 permission_denied", "broadcast: OK");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void fanoutOnAnEmbeddedServer() {
    int code = demo("fanout", "--readers", "5", "--records", "100");
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("embedded S2 server at http://127.0.0.1:", "5 of 5 readers", "fanout: OK");
  }

  @Test
  void resumeOnAnExistingServer(S2Server server) {
    int code =
        demo(
            "resume",
            "--endpoint", server.endpoint().toString(),
            "--token", server.rootToken().orElseThrow(),
            "--records", "100");
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("exactly the cursor", "resume: OK (no gap, no duplicate)");
  }

  @Test
  void unknownSampleIsAOneLineError() {
    assertThat(demo("nope")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo(
        "s2r demo: unknown sample 'nope': choose one of [broadcast, resume, fanout, web]");
  }

  @Test
  void unreachableServerIsAOneLineError() {
    int code = demo("--endpoint", "http://127.0.0.1:1", "--token", "x", "--records", "10");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("s2r demo: ").hasLineCount(1);
  }
}

package dev.s2reactive.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.server.S2Server;
import dev.s2reactive.testkit.S2ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;

/** The README's Java snippets run, and the README quotes them exactly. */
@ExtendWith(S2ServerExtension.class)
class ReadmeSnippetsTest {

  private static final Pattern REGION =
      Pattern.compile("\\n( *)// readme:(\\w+)\\n(.*?)\\n *// end\\n", Pattern.DOTALL);

  /** Each region of ReadmeSnippets.java, without its indentation. */
  static Map<String, String> regions() throws IOException {
    String source =
        Files.readString(Path.of("src/main/java/dev/s2reactive/samples/ReadmeSnippets.java"));
    Map<String, String> regions = new LinkedHashMap<>();
    Matcher m = REGION.matcher(source);
    while (m.find()) {
      String indent = m.group(1);
      StringBuilder text = new StringBuilder();
      for (String line : m.group(3).split("\n", -1)) {
        text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip())
            .append('\n');
      }
      regions.put(m.group(2), text.toString());
    }
    return regions;
  }

  @Test
  void readmeQuotesEverySnippetVerbatim() throws IOException {
    Map<String, String> regions = regions();
    assertThat(regions).containsOnlyKeys("client", "append", "follow", "replay", "rxjava");
    String readme = Files.readString(Path.of("../README.md"));
    regions.forEach(
        (name, text) -> assertThat(readme).as("README snippet '%s'", name).contains(text));
  }

  @Test
  void snippetsWorkAgainstAServer(S2Server server) {
    try (S2Client client = S2Client.create(TestTargets.rootOptions(server))) {
      Duration timeout = Duration.ofSeconds(30);
      ReactorS2Client s2 = ReactorS2Client.from(client);
      s2.createBasin(CreateBasinRequest.of("my-basin")).block(timeout);
      s2.basin("my-basin").createStream(CreateStreamRequest.of("prod/logs")).block(timeout);

      assertThat(ReadmeSnippets.append(client)).isEqualTo(3);
      List<SequencedRecord> all = ReadmeSnippets.replay(client, 0, Long.MAX_VALUE);
      assertThat(all)
          .extracting(r -> r.body().utf8())
          .containsExactly("GET /", "GET /health", "POST /orders");
      long t = all.get(1).timestamp();
      assertThat(ReadmeSnippets.replay(client, t, t + 1))
          .allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(t))
          .isNotEmpty();
      assertThat(ReadmeSnippets.rxjava(client))
          .containsExactly("GET /", "GET /health", "POST /orders");
      Disposable tail = ReadmeSnippets.follow(client);
      assertThat(tail.isDisposed()).isFalse();
      tail.dispose();
    }
  }
}

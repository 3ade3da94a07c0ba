package dev.s2reactive.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.S2Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S2ServerExtensionTest {

  @RegisterExtension
  static final S2ServerExtension S2 = S2ServerExtension.configured(b -> b.cors(false));

  @Test
  void injectsARunningServerOnALoopbackPort(S2Server server) throws Exception {
    assertThat(server).isSameAs(S2.server());
    assertThat(server.port()).isPositive();
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.headers().firstValue("access-control-allow-origin")).isEmpty();
  }
}

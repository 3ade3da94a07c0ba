package dev.s2reactive.server.internal.http.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.server.internal.http.RequestBasin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The basin of a request: the {@code s2-basin} header, else a {@code {basin}.} Host prefix. */
class RequestBasinTest {

  @Test
  void headerWinsAndIsValidated() {
    assertThat(RequestBasin.resolve("my-basin", "other-basin.b.s2.dev")).isEqualTo("my-basin");
    assertThatThrownBy(() -> RequestBasin.resolve("short", null))
        .isInstanceOfSatisfying(S2Exception.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("bad_header");
          assertThat(e.getMessage()).startsWith("Invalid header `s2-basin`: ");
        });
    assertThatThrownBy(() -> RequestBasin.resolve("", "my-basin.b.s2.dev"))
        .isInstanceOf(S2Exception.class);
  }

  @Test
  void hostPrefixNamesTheBasinOnlyWhenItCan() {
    assertThat(RequestBasin.fromHost("my-basin.b.s2.dev")).hasValue("my-basin");
    assertThat(RequestBasin.fromHost("my-basin.localhost:8080")).hasValue("my-basin");
    assertThat(RequestBasin.fromHost("my-basin.local.")).hasValue("my-basin");
    assertThat(RequestBasin.fromHost("localhost:8080")).isEmpty();
    assertThat(RequestBasin.fromHost("my-basin")).isEmpty();
    assertThat(RequestBasin.fromHost("127.0.0.1:80")).isEmpty();
    assertThat(RequestBasin.fromHost("10.200.30.40")).isEmpty();
    assertThat(RequestBasin.fromHost("[::1]:8080")).isEmpty();
    assertThat(RequestBasin.fromHost("s2.example.com")).as("too short for a basin").isEmpty();
    assertThat(RequestBasin.fromHost("My-Basin.example.com")).isEmpty();
    assertThat(RequestBasin.fromHost(null)).isEmpty();
    assertThatThrownBy(() -> RequestBasin.resolve(null, "localhost"))
        .hasMessage("Missing header `s2-basin`");
  }

  @Test
  void hostBasinWorksOverHttp() throws Exception {
    try (RecordsServer server = new RecordsServer();
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /v1/streams/host-stream/records/tail HTTP/1.1\r\n"
          + "Host: " + RecordsServer.BASIN + ".b.example.test:" + server.port() + "\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 200");
      assertThat(response).endsWith("{\"tail\":{\"seq_num\":0,\"timestamp\":0}}");
    }
  }
}

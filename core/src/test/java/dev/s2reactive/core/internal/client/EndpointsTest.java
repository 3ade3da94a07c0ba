package dev.s2reactive.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTest {

  @Test
  void hostedParentZone() {
    Endpoints e = Endpoints.of("https://a.s2.dev", "https://{basin}.b.s2.dev");
    assertThat(e.accountBaseUri()).isEqualTo(URI.create("https://a.s2.dev"));
    assertThat(e.isDirectBasinEndpoint()).isFalse();
    assertThat(e.isSecure()).isTrue();
    Endpoints.BasinTarget t = e.basin("my-basin");
    assertThat(t.baseUri()).isEqualTo(URI.create("https://my-basin.b.s2.dev"));
    assertThat(t.basinHeader()).isEmpty();
  }

  @Test
  void directEndpointSendsHeader() {
    Endpoints e = Endpoints.of("http://localhost:8080", "http://localhost:8080");
    assertThat(e.isDirectBasinEndpoint()).isTrue();
    assertThat(e.isSecure()).isFalse();
    Endpoints.BasinTarget t = e.basin("my-basin");
    assertThat(t.baseUri()).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(t.basinHeader()).contains("my-basin");
  }

  @Test
  void defaultSchemeIsHttps() {
    Endpoints e = Endpoints.of("a.s2.dev", "{basin}.b.s2.dev:8443");
    assertThat(e.accountBaseUri()).isEqualTo(URI.create("https://a.s2.dev"));
    assertThat(e.basin("b1").baseUri()).isEqualTo(URI.create("https://b1.b.s2.dev:8443"));
  }

  @Test
  void toleratesTrailingSlashAndUpperCaseScheme() {
    Endpoints e = Endpoints.of("HTTP://127.0.0.1:9000/", "http://127.0.0.1:9000");
    assertThat(e.accountBaseUri()).isEqualTo(URI.create("http://127.0.0.1:9000"));
  }

  @Test
  void ipv6Authority() {
    Endpoints e = Endpoints.of("http://[::1]:8080", "http://[::1]:8080");
    assertThat(e.basin("b").baseUri().getHost()).isEqualTo("[::1]");
    assertThat(e.basin("b").baseUri().getPort()).isEqualTo(8080);
  }

  @Test
  void rejectsPathsQueriesAndBadSchemes() {
    assertThatThrownBy(() -> Endpoints.of("https://a.s2.dev/v1", "https://{basin}.b.s2.dev"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account endpoint must be [scheme://]host[:port] without a path");
    assertThatThrownBy(() -> Endpoints.of("https://a.s2.dev", "https://x.dev?x=1"))
        .hasMessageContaining("basin endpoint");
    assertThatThrownBy(() -> Endpoints.of("ftp://a.s2.dev", "ftp://a.s2.dev"))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> Endpoints.of("", "https://b.dev"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Endpoints.of("https://user@a.s2.dev", "https://b.dev"))
        .hasMessageContaining("user info");
  }

  @Test
  void rejectsMixedSchemes() {
    assertThatThrownBy(() -> Endpoints.of("http://localhost:1", "{basin}.b.s2.dev"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same scheme");
  }

  @Test
  void templateNeedsHostLabelBasinNames() {
    Endpoints hosted = Endpoints.of("https://a.s2.dev", "https://{basin}.b.s2.dev");
    assertThatThrownBy(() -> hosted.basin("Bad_Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad_Name");
    assertThatThrownBy(() -> hosted.basin("")).isInstanceOf(IllegalArgumentException.class);
    // direct endpoints leave name validation to the server
    Endpoints direct = Endpoints.of("http://h:1", "http://h:1");
    assertThat(direct.basin("Bad_Name").basinHeader()).contains("Bad_Name");
  }
}

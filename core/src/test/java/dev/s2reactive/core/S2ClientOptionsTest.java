package dev.s2reactive.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class S2ClientOptionsTest {

  @Test
  void defaultsPointAtHostedS2() {
    S2ClientOptions o = S2ClientOptions.builder().build();
    assertThat(o.accountEndpoint()).isEqualTo("https://a.s2.dev");
    assertThat(o.basinEndpoint()).isEqualTo("https://{basin}.b.s2.dev");
    assertThat(o.endpoints().isDirectBasinEndpoint()).isFalse();
    assertThat(o.hasAccessToken()).isFalse();
    assertThat(o.accessTokenSupplier()).isEmpty();
    assertThat(o.connectTimeout()).isEqualTo(S2ClientOptions.DEFAULT_CONNECT_TIMEOUT);
    assertThat(o.requestTimeout()).isEqualTo(S2ClientOptions.DEFAULT_REQUEST_TIMEOUT);
    assertThat(o.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.retryPolicy()).isEqualTo(RetryPolicy.defaults());
    assertThat(o.compression()).isEqualTo(Compression.NONE);
    assertThat(o.transport()).isEqualTo(TransportPreference.S2S);
    assertThat(o.refreshTokenOnUnauthorized()).isFalse();
  }

  @Test
  void staticTokenIsServedBySupplierAndRedacted() throws Exception {
    S2ClientOptions o = S2ClientOptions.builder().accessToken("secret-token").build();
    assertThat(o.hasAccessToken()).isTrue();
    assertThat(o.accessTokenSupplier().orElseThrow().get().toCompletableFuture().get())
        .isEqualTo("secret-token");
    assertThat(o.toString()).doesNotContain("secret-token").contains("<redacted>");
  }

  @Test
  void tokenSupplierWithRefresh() throws Exception {
    int[] calls = {0};
    S2ClientOptions o =
        S2ClientOptions.builder()
            .accessTokenSupplier(() -> CompletableFuture.completedFuture("t" + ++calls[0]))
            .refreshTokenOnUnauthorized(true)
            .build();
    var supplier = o.accessTokenSupplier().orElseThrow();
    assertThat(supplier.get().toCompletableFuture().get()).isEqualTo("t1");
    assertThat(supplier.get().toCompletableFuture().get()).isEqualTo("t2");
    assertThat(o.refreshTokenOnUnauthorized()).isTrue();
  }

  @Test
  void refreshNeedsSupplier() {
    assertThatThrownBy(
            () ->
                S2ClientOptions.builder().accessToken("t").refreshTokenOnUnauthorized(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accessTokenSupplier");
  }

  @Test
  void rejectsInvalidValuesAtBuild() {
    assertThatThrownBy(() -> S2ClientOptions.builder().accessToken(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> S2ClientOptions.builder().connectTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(
            () -> S2ClientOptions.builder().heartbeatTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeatTimeout");
    assertThatThrownBy(
            () ->
                S2ClientOptions.builder()
                    .endpoints("http://localhost:8080", "https://localhost:8080")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same scheme");
    assertThatThrownBy(
            () -> S2ClientOptions.builder().accountEndpoint("https://a.s2.dev/v1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account endpoint")
        .hasMessageContaining("without a path");
  }

  @Test
  void fromEnvForLite() {
    S2ClientOptions o =
        S2ClientOptions.fromEnv(
            Map.of(
                "S2_ACCESS_TOKEN", "ignored",
                "S2_ACCOUNT_ENDPOINT", "http://localhost:8080",
                "S2_BASIN_ENDPOINT", "http://localhost:8080"));
    assertThat(o.accountEndpoint()).isEqualTo("http://localhost:8080");
    assertThat(o.endpoints().isDirectBasinEndpoint()).isTrue();
    assertThat(o.hasAccessToken()).isTrue();
  }

  @Test
  void fromEnvWithoutEndpointsIsHosted() {
    S2ClientOptions o = S2ClientOptions.fromEnv(Map.of("S2_ACCESS_TOKEN", "tok"));
    assertThat(o.accountEndpoint()).isEqualTo(S2ClientOptions.DEFAULT_ACCOUNT_ENDPOINT);
    assertThat(o.basinEndpoint()).isEqualTo(S2ClientOptions.DEFAULT_BASIN_ENDPOINT);
    assertThat(S2ClientOptions.fromEnv(Map.of("S2_ACCESS_TOKEN", "")).hasAccessToken()).isFalse();
  }

  @Test
  void fromEnvWithOneEndpointNamesTheMissingOne() {
    assertThatThrownBy(
            () -> S2ClientOptions.fromEnv(Map.of("S2_ACCOUNT_ENDPOINT", "http://localhost:8080")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("S2_ACCOUNT_ENDPOINT is set but S2_BASIN_ENDPOINT is not");
    assertThatThrownBy(
            () -> S2ClientOptions.fromEnv(Map.of("S2_BASIN_ENDPOINT", "http://localhost:8080")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("S2_BASIN_ENDPOINT is set but S2_ACCOUNT_ENDPOINT is not");
  }

  @Test
  void mutateKeepsEverythingElse() {
    S2ClientOptions base =
        S2ClientOptions.builder()
            .endpoints("http://localhost:1", "http://localhost:1")
            .accessToken("t")
            .compression(Compression.ZSTD)
            .transport(TransportPreference.SSE)
            .requestTimeout(Duration.ofSeconds(9))
            .build();
    S2ClientOptions changed = base.mutate().heartbeatTimeout(Duration.ofSeconds(30)).build();
    assertThat(changed.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(changed.accountEndpoint()).isEqualTo("http://localhost:1");
    assertThat(changed.compression()).isEqualTo(Compression.ZSTD);
    assertThat(changed.transport()).isEqualTo(TransportPreference.SSE);
    assertThat(changed.requestTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(changed.hasAccessToken()).isTrue();
    assertThat(base.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
  }
}

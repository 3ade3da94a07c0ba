package dev.s2reactive.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.server.S2Server;
import dev.s2reactive.testkit.S2ServerExtension;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Account and basin operations of the client against the embedded server, with auth on. */
class ManagementTest {

  @RegisterExtension
  static final S2ServerExtension S2 = S2ServerExtension.configured(b -> b.auth(true));

  private static S2Client client;
  private static ReactorS2Client s2;

  @BeforeAll
  static void connect() {
    S2Server server = S2.server();
    client =
        S2Client.create(
            S2ClientOptions.builder()
                .endpoints(server.endpoint().toString(), server.endpoint().toString())
                .accessToken(server.rootToken().orElseThrow())
                .build());
    s2 = ReactorS2Client.from(client);
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void basinLifecycleAndPagination() {
    Flux.range(0, 5)
        .concatMap(i -> s2.createBasin(CreateBasinRequest.of("page-basin-" + i)))
        .blockLast();
    StepVerifier.create(s2.listBasinsPage("page-basin-", "", 2))
        .assertNext(
            page -> {
              assertThat(page.basins()).extracting(BasinInfo::name).hasSize(2);
              assertThat(page.hasMore()).isTrue();
            })
        .verifyComplete();
    // the auto-paginating listing walks every page (limit 1000 per page here, but start_after
    // works)
    StepVerifier.create(s2.listBasins("page-basin-").map(BasinInfo::name))
        .expectNext("page-basin-0", "page-basin-1", "page-basin-2", "page-basin-3", "page-basin-4")
        .verifyComplete();
    StepVerifier.create(s2.getBasinConfig("page-basin-0"))
        .assertNext(config -> assertThat(config).isNotNull())
        .verifyComplete();
    StepVerifier.create(s2.deleteBasin("page-basin-4")).verifyComplete();
    StepVerifier.create(s2.getBasinConfig("no-such-basin-x"))
        .expectErrorSatisfies(
            e -> assertThat(((S2Exception) e).code()).isEqualTo("basin_not_found"))
        .verify();
  }

  @Test
  void createWithSameRequestTokenIsIdempotent() {
    CreateBasinRequest request = CreateBasinRequest.of("idem-basin-1");
    BasinInfo first = s2.createBasin(request, "token-1").block();
    BasinInfo again = s2.createBasin(request, "token-1").block();
    assertThat(again.name()).isEqualTo(first.name());
    StepVerifier.create(s2.createBasin(request, "token-2"))
        .expectErrorSatisfies(
            e -> assertThat(((S2Exception) e).code()).isEqualTo("resource_already_exists"))
        .verify();
  }

  @Test
  void streamsWithSlashesAreEncoded() {
    s2.createBasin(CreateBasinRequest.of("streams-basin")).block();
    ReactorS2Basin basin = s2.basin("streams-basin");
    IntStream.range(0, 3)
        .forEach(i -> basin.createStream(CreateStreamRequest.of("logs/app " + i + "?x=%")).block());
    StepVerifier.create(basin.listStreams("logs/").map(StreamInfo::name))
        .expectNext("logs/app 0?x=%", "logs/app 1?x=%", "logs/app 2?x=%")
        .verifyComplete();
    StepVerifier.create(basin.getStreamConfig("logs/app 1?x=%"))
        .assertNext(c -> assertThat(c.storageClass()).isPresent())
        .verifyComplete();
    StepVerifier.create(basin.ensureStream("logs/ensured", StreamConfig.builder().build()))
        .assertNext(info -> assertThat(info.name()).isEqualTo("logs/ensured"))
        .verifyComplete();
    StepVerifier.create(basin.deleteStream("logs/app 2?x=%")).verifyComplete();
  }

  @Test
  void accessTokens() {
    AccessTokenScope scope =
        AccessTokenScope.builder()
            .basins(ResourceSet.prefix(""))
            .streams(ResourceSet.prefix("public/"))
            .opGroups(OpGroupPermissions.of(ReadWrite.NONE, ReadWrite.NONE, ReadWrite.READ_ONLY))
            .build();
    StepVerifier.create(s2.issueAccessToken(IssueAccessTokenRequest.of("reader-1", scope)))
        .assertNext(r -> assertThat(r.accessToken()).isNotBlank())
        .verifyComplete();
    StepVerifier.create(s2.listAccessTokens("reader-").map(t -> t.id()))
        .expectNext("reader-1")
        .verifyComplete();
    StepVerifier.create(s2.revokeAccessToken("reader-1")).verifyComplete();
    StepVerifier.create(s2.revokeAccessToken("reader-1"))
        .expectErrorSatisfies(
            e -> assertThat(((S2Exception) e).code()).isEqualTo("access_token_not_found"))
        .verify();
  }

  @Test
  void wrongTokenIsAuthn() {
    S2Server server = S2.server();
    try (S2Client other =
        S2Client.create(
            S2ClientOptions.builder()
                .endpoints(server.endpoint().toString(), server.endpoint().toString())
                .accessToken("not-a-token")
                .build())) {
      StepVerifier.create(other.listBasins(""))
          .expectErrorSatisfies(e -> assertThat(((S2Exception) e).status()).isEqualTo(401))
          .verify();
    }
  }
}

package dev.s2reactive.samples;

import dev.s2reactive.core.S2Client;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.reactor.ReactorS2Client;
import dev.s2reactive.reactor.ReactorS2Stream;
import dev.s2reactive.rxjava3.RxS2Client;
import dev.s2reactive.rxjava3.RxS2Stream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import reactor.core.publisher.Mono;

/**
 * The setting of every sample: a fresh basin with one stream, a writer client with the target's
 * token and a reader client with a read-only token scoped to that one stream (op group {@code
 * stream=r}, exact basin and stream), the token of the broadcast pattern's public readers. On an
 * existing server, {@link #close()} revokes the token and deletes the basin. Not thread-safe to
 * close; its clients are thread-safe.
 */
final class SampleStream implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final S2Target target;
  private final S2Client writerClient;
  private final S2Client readerClient;
  private final String basin;
  private final String stream;
  private final String readOnlyTokenId;

  private SampleStream(
      S2Target target,
      S2Client writerClient,
      S2Client readerClient,
      String basin,
      String stream,
      String readOnlyTokenId) {
    this.target = target;
    this.writerClient = writerClient;
    this.readerClient = readerClient;
    this.basin = basin;
    this.stream = stream;
    this.readOnlyTokenId = readOnlyTokenId;
  }

  /** Creates the basin, the stream and (when the target uses auth) the read-only token. */
  static SampleStream create(S2Target target, String stream, Duration timeout) {
    String basin = "s2r-demo-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
    S2Client writer = S2Client.create(target.options());
    ReactorS2Client admin = ReactorS2Client.from(writer);
    boolean created = false;
    try {
      admin.createBasin(CreateBasinRequest.of(basin)).block(timeout);
      created = true;
      admin.basin(basin).createStream(CreateStreamRequest.of(stream)).block(timeout);
      if (!target.options().hasAccessToken()) {
        return new SampleStream(target, writer, writer, basin, stream, null);
      }
      String tokenId = basin + "-ro";
      AccessTokenScope readOnly =
          AccessTokenScope.builder()
              .basins(ResourceSet.exact(basin))
              .streams(ResourceSet.exact(stream))
              .opGroups(OpGroupPermissions.of(null, null, ReadWrite.READ_ONLY))
              .build();
      String token =
          admin
              .issueAccessToken(IssueAccessTokenRequest.of(tokenId, readOnly))
              .block(timeout)
              .accessToken();
      S2Client reader = S2Client.create(target.options().mutate().accessToken(token).build());
      return new SampleStream(target, writer, reader, basin, stream, tokenId);
    } catch (RuntimeException e) {
      if (created && !target.isEmbedded()) {
        admin.deleteBasin(basin).onErrorResume(ignored -> Mono.empty()).block(timeout);
      }
      writer.close();
      throw e;
    }
  }

  String basin() {
    return basin;
  }

  String stream() {
    return stream;
  }

  /** True when readers use a read-only token (false on a server without auth). */
  boolean hasReadOnlyToken() {
    return readOnlyTokenId != null;
  }

  /** The stream through the writer's (full) token. */
  ReactorS2Stream writer() {
    return ReactorS2Client.from(writerClient).stream(basin, stream);
  }

  /** The stream through the read-only token, as Reactor types. */
  ReactorS2Stream reader() {
    return ReactorS2Client.from(readerClient).stream(basin, stream);
  }

  /** The stream through the read-only token, as RxJava types. */
  RxS2Stream rxReader() {
    return RxS2Client.from(readerClient).stream(basin, stream);
  }

  /** One line describing the setting. */
  String description() {
    return "basin "
        + basin
        + ", stream "
        + stream
        + (hasReadOnlyToken()
            ? "; readers use a read-only token (op group stream=r, this stream only)"
            : "; the server runs without auth, so readers share the writer's client");
  }

  @Override
  public void close() {
    try {
      if (!target.isEmbedded()) {
        ReactorS2Client admin = ReactorS2Client.from(writerClient);
        Duration timeout = Duration.ofSeconds(10);
        if (readOnlyTokenId != null) {
          admin.revokeAccessToken(readOnlyTokenId).onErrorResume(e -> Mono.empty()).block(timeout);
        }
        // best effort: a clean-up failure must not hide the sample's result
        admin.deleteBasin(basin).onErrorResume(e -> Mono.empty()).block(timeout);
      }
    } finally {
      if (readerClient != writerClient) {
        readerClient.close();
      }
      writerClient.close();
    }
  }
}

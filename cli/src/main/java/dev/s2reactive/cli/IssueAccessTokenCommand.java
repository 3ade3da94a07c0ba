package dev.s2reactive.cli;

import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.reactor.ReactorS2Client;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code s2r issue-access-token ID [scope flags]}: prints the new token (its secret is shown only
 * once). Takes the official flags and the forms of S2's broadcast guide ({@code --id},
 * {@code --op-groups}, {@code --basins}, {@code --streams}).
 */
@Command(
    name = "issue-access-token",
    mixinStandardHelpOptions = true,
    description = {
      "Issue an access token and print it.",
      "Example (a read-only token for one stream):",
      "  s2r issue-access-token --id public-ro-logs --op-groups=\"stream=r\" \\",
      "      --basins=\"my-basin\" --streams=\"prod/logs\""
    })
final class IssueAccessTokenCommand extends ClientCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Token id.")
  String positionalId;

  @Option(names = "--id", paramLabel = "ID", description = "Token id (instead of the ID argument).")
  String id;

  @Option(
      names = "--expires-in",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description = "Expire after this long, e.g. 30d, 1w, 24h.")
  Duration expiresIn;

  @Option(
      names = "--expires-at",
      paramLabel = "RFC3339",
      description = "Expire at this time, e.g. 2027-12-31T23:59:59Z.")
  String expiresAt;

  @Option(
      names = "--auto-prefix-streams",
      description = "Namespace streams by the --streams-prefix: names are prefixed and stripped.")
  boolean autoPrefixStreams;

  @Option(names = "--basins", paramLabel = "BASIN", description = "Allowed basin (exact name).")
  String basins;

  @Option(names = "--basins-exact", paramLabel = "BASIN", description = "Allowed basin (exact name).")
  String basinsExact;

  @Option(names = "--basins-prefix", paramLabel = "PREFIX", description = "Allowed basins: names with this prefix.")
  String basinsPrefix;

  @Option(names = "--streams", paramLabel = "STREAM", description = "Allowed stream (exact name).")
  String streams;

  @Option(names = "--streams-exact", paramLabel = "STREAM", description = "Allowed stream (exact name).")
  String streamsExact;

  @Option(names = "--streams-prefix", paramLabel = "PREFIX", description = "Allowed streams: names with this prefix.")
  String streamsPrefix;

  @Option(names = "--access-tokens", paramLabel = "ID", description = "Manageable token (exact id).")
  String accessTokens;

  @Option(names = "--access-tokens-exact", paramLabel = "ID", description = "Manageable token (exact id).")
  String accessTokensExact;

  @Option(
      names = "--access-tokens-prefix",
      paramLabel = "PREFIX",
      description = "Manageable tokens: ids with this prefix.")
  String accessTokensPrefix;

  @Option(
      names = {"--op-group-perms", "--op-groups"},
      paramLabel = "GROUPS",
      converter = OpGroupPerms.Converter.class,
      description = "Operation groups, e.g. \"account=rw,basin=r,stream=r\".")
  OpGroupPermissions opGroups;

  @Option(
      names = "--ops",
      split = ",",
      paramLabel = "OP",
      converter = OperationNames.Converter.class,
      description = "Single operations, e.g. read,check_tail (added to the groups).")
  List<Operation> ops;

  /** The request these flags describe. */
  IssueAccessTokenRequest request(Clock clock) {
    AccessTokenScope scope =
        AccessTokenScope.builder()
            .basins(resources("--basins", basins, basinsExact, basinsPrefix))
            .streams(resources("--streams", streams, streamsExact, streamsPrefix))
            .accessTokens(
                resources("--access-tokens", accessTokens, accessTokensExact, accessTokensPrefix))
            .opGroups(opGroups)
            .ops(ops)
            .build();
    return new IssueAccessTokenRequest(tokenId(), expiry(clock), autoPrefixStreams, scope);
  }

  private String tokenId() {
    if ((positionalId == null) == (id == null)) {
      throw new IllegalArgumentException(
          positionalId == null
              ? "missing token id: give it as an argument or with --id"
              : "give the token id once: as an argument or with --id, not both");
    }
    return id != null ? id : positionalId;
  }

  private Optional<Instant> expiry(Clock clock) {
    if (expiresIn != null && expiresAt != null) {
      throw new IllegalArgumentException("use --expires-in or --expires-at, not both");
    }
    if (expiresIn != null) {
      return Optional.of(clock.instant().plus(expiresIn));
    }
    if (expiresAt != null) {
      try {
        return Optional.of(OffsetDateTime.parse(expiresAt).toInstant());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "--expires-at: expected an RFC 3339 time such as 2027-12-31T23:59:59Z, got "
                + expiresAt);
      }
    }
    return Optional.empty();
  }

  /** {@code --x} and {@code --x-exact} name one resource, {@code --x-prefix} many; at most one. */
  static ResourceSet resources(String flag, String plain, String exact, String prefix) {
    int given = (plain != null ? 1 : 0) + (exact != null ? 1 : 0) + (prefix != null ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException(
          "use only one of " + flag + ", " + flag + "-exact and " + flag + "-prefix");
    }
    if (prefix != null) {
      return ResourceSet.prefix(prefix);
    }
    String name = plain != null ? plain : exact;
    if (name == null) {
      return null;
    }
    // the official CLI marks exact names with a leading '='; accept that spelling too
    return ResourceSet.exact(plain != null && name.startsWith("=") ? name.substring(1) : name);
  }

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    IssueAccessTokenRequest request = request(Clock.systemUTC());
    env.out().println(s2.issueAccessToken(request).block().accessToken());
    return 0;
  }
}

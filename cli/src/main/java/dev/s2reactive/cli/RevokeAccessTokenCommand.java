package dev.s2reactive.cli;

import dev.s2reactive.reactor.ReactorS2Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code s2r revoke-access-token ID} (or {@code --id ID}). */
@Command(
    name = "revoke-access-token",
    mixinStandardHelpOptions = true,
    description = "Revoke an access token.")
final class RevokeAccessTokenCommand extends ClientCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Token id.")
  String positionalId;

  @Option(names = "--id", paramLabel = "ID", description = "Token id (instead of the ID argument).")
  String id;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    if ((positionalId == null) == (id == null)) {
      throw new IllegalArgumentException("give the token id once: as an argument or with --id");
    }
    String tokenId = id != null ? id : positionalId;
    s2.revokeAccessToken(tokenId).block();
    env.out().println("revoked access token " + tokenId);
    return 0;
  }
}

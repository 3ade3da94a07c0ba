package dev.s2reactive.cli;

import dev.s2reactive.core.internal.codec.json.S2Json;
import dev.s2reactive.core.model.AccessTokenInfo;
import dev.s2reactive.reactor.ReactorS2Client;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code s2r list-access-tokens}: one JSON object per token (id, expiry, scope). */
@Command(
    name = "list-access-tokens",
    mixinStandardHelpOptions = true,
    description = "List access tokens, one JSON object per line.")
final class ListAccessTokensCommand extends ClientCommand {

  @Mixin ListOptions list;

  @Override
  int run(ReactorS2Client s2, CliEnv env) {
    for (AccessTokenInfo token :
        list.items(
                "",
                (prefix, after, limit) ->
                    s2.listAccessTokensPage(prefix, after, limit)
                        .map(r -> new ListOptions.Page<>(r.accessTokens(), r.hasMore())),
                AccessTokenInfo::id)
            .toIterable()) {
      env.out().println(new String(S2Json.encodeAccessTokenInfo(token), StandardCharsets.UTF_8));
    }
    return 0;
  }
}

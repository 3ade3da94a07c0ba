package dev.s2reactive.samples;

import dev.s2reactive.core.S2ClientOptions;
import dev.s2reactive.server.S2Server;

/** Targets for the samples' tests: the testkit's server, reached with its root token. */
final class TestTargets {

  private TestTargets() {}

  static S2ClientOptions rootOptions(S2Server server) {
    String endpoint = server.endpoint().toString();
    return S2ClientOptions.builder()
        .endpoints(endpoint, endpoint)
        .accessToken(server.rootToken().orElseThrow())
        .build();
  }

  static S2Target existing(S2Server server) {
    return S2Target.existing(rootOptions(server));
  }
}

package dev.s2reactive.reactor.tck;

import dev.s2reactive.core.TransportPreference;

/** {@link FollowReadVerification} over s2s (HTTP/2). */
public class FollowReadTckTest extends FollowReadVerification {

  public FollowReadTckTest() {
    super(TransportPreference.S2S);
  }
}

package dev.s2reactive.reactor.tck;

import dev.s2reactive.core.TransportPreference;

/** {@link FollowReadVerification} over SSE (HTTP/1.1). */
public class SseFollowReadTckTest extends FollowReadVerification {

  public SseFollowReadTckTest() {
    super(TransportPreference.SSE);
  }
}

package dev.s2reactive.core.internal.transport;

import java.util.concurrent.TimeoutException;

/** A read session stayed silent longer than the heartbeat timeout while data was wanted. */
public final class HeartbeatTimeoutException extends TimeoutException {
  public HeartbeatTimeoutException(String message) {
    super(message);
  }
}

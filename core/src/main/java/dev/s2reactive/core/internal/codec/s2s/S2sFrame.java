package dev.s2reactive.core.internal.codec.s2s;

import dev.s2reactive.core.model.Bytes;
import java.util.Objects;

/**
 * One decoded s2s frame (protocol §9.2), body already decompressed. Immutable and thread-safe.
 */
public sealed interface S2sFrame {

  /** True when the peer announced it will close soon (flag bit 4, "reconnect advised"). */
  boolean reconnectAdvised();

  /**
   * A regular frame: one protobuf message ({@code AppendInput}, {@code AppendAck} or {@code
   * ReadBatch}, depending on the session and direction).
   */
  record Message(Bytes body, boolean reconnectAdvised) implements S2sFrame {
    public Message {
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * The terminal frame: the session ends after it. {@code json} is the error body of the unary API
   * for the same status ({@code ErrorInfo}, or the 412 / 416 bodies).
   */
  record Terminal(int status, String json, boolean reconnectAdvised) implements S2sFrame {
    public Terminal {
      Objects.requireNonNull(json, "json");
    }
  }
}

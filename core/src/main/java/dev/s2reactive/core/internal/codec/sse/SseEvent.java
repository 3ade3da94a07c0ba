package dev.s2reactive.core.internal.codec.sse;

import java.util.Objects;
import java.util.Optional;

/**
 * One dispatched server-sent event. Immutable and thread-safe.
 *
 * @param type the {@code event} field, or {@code "message"} when the event had none
 * @param id this event's own {@code id} field, if it had one. Unlike a browser's {@code
 *     lastEventId}, an id is not inherited from earlier events: S2 clients track the id of the last
 *     {@code batch} themselves
 * @param data the {@code data} lines joined with {@code "\n"}
 */
public record SseEvent(String type, Optional<String> id, String data) {

  /** Type of an event without an {@code event} field. */
  public static final String DEFAULT_TYPE = "message";
  /** Data of the event that ends an S2 read session normally. */
  public static final String DONE_DATA = "[DONE]";

  public SseEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(data, "data");
  }

  public static SseEvent of(String type, String data) {
    return new SseEvent(type, Optional.empty(), data);
  }

  public static SseEvent of(String type, String id, String data) {
    return new SseEvent(type, Optional.of(id), data);
  }

  /** True for the S2 end-of-session event: default type and data {@code [DONE]}. */
  public boolean isDone() {
    return DEFAULT_TYPE.equals(type) && DONE_DATA.equals(data);
  }
}

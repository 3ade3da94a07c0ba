package dev.s2reactive.server.internal.storage;

import dev.s2reactive.core.model.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Puts and deletes applied atomically by {@link MetaStore#write}, in the order added. */
public final class MetaBatch {

  /** One operation; {@code value} is null for a delete. */
  public record Op(Bytes key, Bytes value) {
    public Op {
      Objects.requireNonNull(key, "key");
    }

    public boolean isDelete() {
      return value == null;
    }
  }

  private final List<Op> ops = new ArrayList<>();

  public MetaBatch put(Bytes key, Bytes value) {
    ops.add(new Op(key, Objects.requireNonNull(value, "value")));
    return this;
  }

  public MetaBatch delete(Bytes key) {
    ops.add(new Op(key, null));
    return this;
  }

  public List<Op> ops() {
    return List.copyOf(ops);
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }
}

package dev.s2reactive.core.internal;

import dev.s2reactive.core.model.Bytes;
import java.util.Objects;

/**
 * Zero-copy access to {@link Bytes} for the project's codecs and storage. Not for applications:
 * an array passed to {@link #wrap} or obtained from {@link #array} must never be modified.
 */
public final class BytesInternals {

  /** Implemented by {@link Bytes} itself, which alone can reach its array. */
  public interface Access {
    Bytes wrap(byte[] bytes);

    byte[] array(Bytes bytes);
  }

  private static volatile Access access;

  private BytesInternals() {}

  /** Called once, from the static initializer of {@link Bytes}. */
  public static void install(Access implementation) {
    if (access != null) {
      throw new IllegalStateException("already installed");
    }
    access = Objects.requireNonNull(implementation);
  }

  /** Wraps {@code bytes} without copying; the caller gives up ownership of the array. */
  public static Bytes wrap(byte[] bytes) {
    return access().wrap(bytes);
  }

  /** The array behind {@code bytes}, without copying; it must not be modified. */
  public static byte[] array(Bytes bytes) {
    return access().array(bytes);
  }

  private static Access access() {
    Access a = access;
    if (a == null) {
      // Initialising Bytes runs its static block, which installs the accessor.
      Objects.requireNonNull(Bytes.EMPTY);
      a = access;
    }
    return a;
  }
}

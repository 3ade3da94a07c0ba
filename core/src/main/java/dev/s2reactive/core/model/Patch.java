package dev.s2reactive.core.model;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One field of a reconfiguration (PATCH) request, with the three states of the wire: the key is
 * {@linkplain #absent() absent} (leave the field unchanged), set to JSON {@code null} ({@linkplain
 * #reset() reset} it to its default), or set to a {@linkplain #set value}. Immutable and
 * thread-safe when the value is.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param <T> the type of the value
 */
public final class Patch<T> {

  private enum State {
    ABSENT,
    RESET,
    SET
  }

  private static final Patch<?> ABSENT = new Patch<>(State.ABSENT, null);
  private static final Patch<?> RESET = new Patch<>(State.RESET, null);

  private final State state;
  private final T value;

  private Patch(State state, T value) {
    this.state = state;
    this.value = value;
  }

  /** Leave the field unchanged: the key is omitted on the wire. */
  @SuppressWarnings("unchecked")
  public static <T> Patch<T> absent() {
    return (Patch<T>) ABSENT;
  }

  /** Reset the field to its default: the key is written as JSON {@code null}. */
  @SuppressWarnings("unchecked")
  public static <T> Patch<T> reset() {
    return (Patch<T>) RESET;
  }

  /** Set the field to {@code value}. */
  public static <T> Patch<T> set(T value) {
    return new Patch<>(State.SET, Objects.requireNonNull(value, "value"));
  }

  /** {@link #absent()} when {@code value} is empty, otherwise {@link #set}. */
  public static <T> Patch<T> ofOptional(Optional<T> value) {
    return value.isPresent() ? set(value.get()) : absent();
  }

  public boolean isAbsent() {
    return state == State.ABSENT;
  }

  public boolean isReset() {
    return state == State.RESET;
  }

  public boolean isSet() {
    return state == State.SET;
  }

  /** The value; throws unless {@link #isSet()}. */
  public T value() {
    if (state != State.SET) {
      throw new NoSuchElementException("patch is " + state.name().toLowerCase());
    }
    return value;
  }

  /** The value when set, empty when absent or reset. */
  public Optional<T> asOptional() {
    return Optional.ofNullable(value);
  }

  /** Applies {@code mapper} to a set value; absent and reset stay as they are. */
  public <R> Patch<R> map(Function<? super T, ? extends R> mapper) {
    return state == State.SET ? set(mapper.apply(value)) : reset0();
  }

  @SuppressWarnings("unchecked")
  private <R> Patch<R> reset0() {
    return (Patch<R>) this;
  }

  /**
   * The field after applying this patch: {@code current} when absent, {@code defaultValue} when
   * reset, the value when set.
   */
  public T apply(T current, T defaultValue) {
    switch (state) {
      case ABSENT:
        return current;
      case RESET:
        return defaultValue;
      default:
        return value;
    }
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof Patch<?> other
            && state == other.state
            && Objects.equals(value, other.value));
  }

  @Override
  public int hashCode() {
    return 31 * state.hashCode() + Objects.hashCode(value);
  }

  @Override
  public String toString() {
    return state == State.SET ? "Patch.set(" + value + ")" : "Patch." + state.name().toLowerCase();
  }
}

package dev.s2reactive.core.model;

/**
 * Read and write permission for one operation group. Immutable and thread-safe.
 *
 * <p>A value that does no I/O: backpressure does not apply to it.
 *
 * @param read the group's read operations are allowed
 * @param write the group's write operations are allowed
 */
public record ReadWrite(boolean read, boolean write) {

  public static final ReadWrite NONE = new ReadWrite(false, false);
  public static final ReadWrite READ_ONLY = new ReadWrite(true, false);
  public static final ReadWrite WRITE_ONLY = new ReadWrite(false, true);
  public static final ReadWrite READ_WRITE = new ReadWrite(true, true);

  public static ReadWrite of(boolean read, boolean write) {
    return read ? (write ? READ_WRITE : READ_ONLY) : (write ? WRITE_ONLY : NONE);
  }
}

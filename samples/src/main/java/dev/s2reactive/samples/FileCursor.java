package dev.s2reactive.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * A reader's cursor in a small text file: the seq_num of the next record to process. Saved by
 * writing a sibling file and renaming it over the old one, so a crash leaves either the old or the
 * new cursor, never a torn one. Blocking file I/O: never call it on a Netty event loop. Not
 * thread-safe.
 */
final class FileCursor {

  private final Path file;
  private final Path temporary;

  FileCursor(Path file) {
    this.file = file.toAbsolutePath();
    this.temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  Path file() {
    return file;
  }

  /** The saved cursor, or empty when nothing was saved yet. */
  OptionalLong load() {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return OptionalLong.of(Long.parseLong(text.strip()));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cursor " + file, e);
    }
  }

  /** Saves {@code nextSeqNum} as the cursor. */
  void save(long nextSeqNum) {
    try {
      Files.writeString(temporary, nextSeqNum + "\n", StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the cursor " + file, e);
    }
  }

  /** Forgets the saved cursor. */
  void clear() {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the cursor " + file, e);
    }
  }
}

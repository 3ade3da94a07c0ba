package dev.s2reactive.cli;

import dev.s2reactive.core.error.S2Exception;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import reactor.core.Exceptions;

/** Turns a failure into the one line {@code s2r} prints on standard error. */
final class ErrorMessages {

  private ErrorMessages() {}

  static String describe(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof S2Exception s2) {
      String message = s2.getMessage() == null || s2.getMessage().isBlank() ? "" : s2.getMessage();
      return message + (message.isEmpty() ? "" : " ") + "(" + s2.code() + ", HTTP " + s2.status()
          + ")";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return e instanceof IllegalArgumentException || e instanceof IllegalStateException
        ? message
        : e.getClass().getSimpleName() + ": " + message;
  }

  static Throwable unwrap(Throwable error) {
    Throwable e = Exceptions.unwrap(error);
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = Exceptions.unwrap(e.getCause());
    }
    return e;
  }
}

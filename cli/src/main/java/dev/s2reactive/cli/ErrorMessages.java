package dev.s2reactive.cli;

import dev.s2reactive.core.error.S2Exception;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import reactor.core.Exceptions;

/** Turns a failure into the one line {@code s2r} prints on standard error. */
final class ErrorMessages {

  private static final Pattern NETTY_PREFIX =
      Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

  private ErrorMessages() {}

  static String describe(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof S2Exception s2 && s2.status() == 0) {
      // no HTTP response: say what went wrong on the connection, not how Netty phrased it
      String message =
          s2.getMessage() == null ? s2.code() : NETTY_PREFIX.matcher(s2.getMessage()).replaceFirst("");
      return unreachable(s2)
          ? "cannot reach the server: " + message + " (check S2_ACCOUNT_ENDPOINT, S2_BASIN_ENDPOINT)"
          : "connection failed: " + message;
    }
    if (e instanceof S2Exception s2) {
      String message = s2.getMessage() == null || s2.getMessage().isBlank() ? "" : s2.getMessage();
      return message + (message.isEmpty() ? "" : " ") + "(" + s2.code() + ", HTTP " + s2.status()
          + ")";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return e instanceof IllegalArgumentException
            || e instanceof IllegalStateException
            || e instanceof UncheckedIOException
        ? message
        : e.getClass().getSimpleName() + ": " + message;
  }

  private static boolean unreachable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
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

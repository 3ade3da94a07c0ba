package dev.s2reactive.server.internal.metrics;

/** Counts and times the requests of one route. Thread-safe; cheap enough to call per request. */
@FunctionalInterface
public interface HttpRouteMeter {

  /** Records nothing. */
  HttpRouteMeter NOOP = (status, nanos) -> {};

  /**
   * A request finished (completed, failed or was cancelled by the client).
   *
   * @param status the response status sent (or about to be sent)
   * @param nanos time from receiving the request until it finished; for streaming responses this
   *     is the life of the stream
   */
  void record(int status, long nanos);
}

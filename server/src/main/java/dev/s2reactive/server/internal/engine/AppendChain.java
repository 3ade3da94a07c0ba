package dev.s2reactive.server.internal.engine;

/**
 * Links the appends of one append session (protocol §9.3): once one of them fails, every later
 * one in the chain fails too without being sequenced, even if it was already handed to the stream
 * (sessions pipeline their inputs). Without it a batch sent after a rejected one could still be
 * written although the session reported the failure. Only touched on the stream's sequencer.
 */
public final class AppendChain {

  private Throwable failure;

  /** The first failure of the chain, or null. */
  Throwable failure() {
    return failure;
  }

  void failed(Throwable error) {
    if (failure == null) {
      failure = error;
    }
  }
}

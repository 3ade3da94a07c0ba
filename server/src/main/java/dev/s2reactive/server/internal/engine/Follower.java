package dev.s2reactive.server.internal.engine;

/** A live reader of a stream, fed by the sequencer after each durable write. */
interface Follower {

  /** A durable batch; must not block (buffer it, or note that it was dropped). */
  void onLive(SharedBatch batch);

  /** The stream's durable tail moved without a batch (recovery): check storage. */
  void onTailMoved();

  /** The stream can no longer be read. */
  void onStreamError(Throwable error);
}

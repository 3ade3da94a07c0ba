package dev.s2reactive.server.internal.metrics;

/**
 * Size figures of a storage engine, read when metrics are scraped (off the event loops). Each
 * returns a negative value when unknown (for example once storage is closed). Must be thread-safe
 * and should not wait for locks.
 */
public interface StorageStats {

  /** Estimated bytes of live (not yet compacted away) data on disk. */
  long liveDataBytes();

  /** Total bytes of on-disk table files. */
  long tableFilesBytes();

  /** Bytes held in memory tables, not yet flushed to table files. */
  long memtableBytes();
}

package dev.s2reactive.server.internal.storage;

/**
 * The server's whole persistent state: stream records and metadata in one store, so that one
 * sync can cover both. {@link #close()} waits for pending writes and releases files.
 */
public interface Storage extends LogStore, MetaStore, AutoCloseable {

  @Override
  void close();
}

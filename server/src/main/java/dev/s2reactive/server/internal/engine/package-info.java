/**
 * The stream engine of the embedded server: one sequencer per active stream that owns its tail,
 * and reactive read sessions that catch up from storage and then follow live.
 *
 * <p>Entry points: {@link dev.s2reactive.server.internal.engine.StreamEngine} (open, reconfigure,
 * delete, retention) and {@link dev.s2reactive.server.internal.engine.ActiveStream} (append, check
 * tail, resolve a read start, streaming and unary reads). The catalog maps stream configs onto
 * {@link dev.s2reactive.server.internal.engine.StreamSettings}; the HTTP layer parses reads into
 * {@link dev.s2reactive.server.internal.engine.ReadRequest} and encodes each delivered {@link
 * dev.s2reactive.server.internal.engine.SharedBatch} once per wire format.
 *
 * <p>Threading: nothing here blocks the caller. Sequencers and session delivery run on the work
 * scheduler (no thread per stream or reader); storage reads and look-ups run on the bounded storage
 * scheduler. Every queue is bounded: pending appends per stream, one storage batch and a few live
 * batches per reader.
 */
package dev.s2reactive.server.internal.engine;

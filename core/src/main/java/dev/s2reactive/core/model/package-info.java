/**
 * The S2 v1 wire model as immutable values: records, batches, positions, acknowledgements and the
 * configuration of basins, streams and access tokens. All types are safe to share between threads.
 * Sequence numbers and timestamps are unsigned 64-bit values held in a {@code long}.
 */
package dev.s2reactive.core.model;

/**
 * The s2s session framing (protocol §9.2): length-prefixed frames with a flag byte, per-message
 * zstd/gzip compression, terminal error frames, and an incremental bounded decoder.
 */
package dev.s2reactive.core.internal.codec.s2s;

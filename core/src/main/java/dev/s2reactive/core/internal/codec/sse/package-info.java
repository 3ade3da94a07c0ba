/**
 * Server-sent events for S2 read sessions (protocol §8): an incremental {@link
 * dev.s2reactive.core.internal.codec.sse.SseDecoder}, the {@link
 * dev.s2reactive.core.internal.codec.sse.SseEncoder} of S2's {@code batch}, {@code ping}, {@code
 * error} and {@code [DONE]} events, and the {@link
 * dev.s2reactive.core.internal.codec.sse.LastEventId} resume position. The JSON of batches and
 * errors is built by the JSON codec; this package only frames it.
 */
package dev.s2reactive.core.internal.codec.sse;

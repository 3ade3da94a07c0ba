/**
 * Project Reactor view of the S2 client: {@link dev.s2reactive.reactor.ReactorS2Client}, {@link
 * dev.s2reactive.reactor.ReactorS2Basin}, {@link dev.s2reactive.reactor.ReactorS2Stream} and {@link
 * dev.s2reactive.reactor.ReactorAppendSink} return {@code Flux}/{@code Mono} over the core's
 * Reactive Streams publishers, with no extra thread hops.
 */
package dev.s2reactive.reactor;

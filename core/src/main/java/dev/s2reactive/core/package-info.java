/**
 * The S2 client. {@link dev.s2reactive.core.S2Client} (account operations) leads to {@link
 * dev.s2reactive.core.S2Basin} (stream operations) and {@link dev.s2reactive.core.S2Stream}
 * (appends, reads, {@link dev.s2reactive.core.ReadSession}s and {@link
 * dev.s2reactive.core.AppendSink}s); every operation returns a cold Reactive Streams publisher.
 * Configuration: {@link dev.s2reactive.core.S2ClientOptions} (endpoints, credentials, timeouts,
 * transport), {@link dev.s2reactive.core.RetryPolicy}, and the per-call values {@link
 * dev.s2reactive.core.ReadSpec} with {@link dev.s2reactive.core.StartAt}, and {@link
 * dev.s2reactive.core.AppendOptions}. Values are immutable and safe to share between threads.
 */
package dev.s2reactive.core;

/**
 * The S2 client's public configuration: {@link dev.s2reactive.core.S2ClientOptions} (endpoints,
 * credentials, timeouts, transport), {@link dev.s2reactive.core.RetryPolicy}, and the per-call
 * values {@link dev.s2reactive.core.ReadSpec} with {@link dev.s2reactive.core.StartAt}, and {@link
 * dev.s2reactive.core.AppendOptions}. All are immutable and safe to share between threads.
 */
package dev.s2reactive.core;

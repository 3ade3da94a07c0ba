/**
 * Runnable samples of the broadcast pattern, each checking its own result: {@link
 * dev.s2reactive.samples.Broadcast} (one writer, readers with a read-only token: live {@code Flux}
 * and {@code Flowable} tails, a timestamp-window replay, the last N records), {@link
 * dev.s2reactive.samples.Resume} (a reader that resumes from a saved cursor) and {@link
 * dev.s2reactive.samples.Fanout} (many readers on one stream). Run them with {@code ./s2r demo
 * [NAME]} ({@link dev.s2reactive.samples.DemoCommand}) or their {@code main}; each runs on an
 * embedded server ({@link dev.s2reactive.samples.S2Target#embedded()}) unless given an endpoint.
 * {@link dev.s2reactive.samples.ReadmeSnippets} holds the README's Java snippets.
 */
package dev.s2reactive.samples;

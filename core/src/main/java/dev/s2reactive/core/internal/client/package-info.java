/**
 * Client internals: endpoint resolution and the network-free logic of read resumption, append
 * batching and in-flight accounting. Not a public API; may change without notice.
 */
package dev.s2reactive.core.internal.client;

/**
 * The client's HTTP transport over Reactor Netty: one connection pool per client, unary JSON
 * requests with auth, retries and typed errors, and streaming read sessions (SSE). Internal API.
 */
package dev.s2reactive.core.internal.transport;

/**
 * The records endpoints of the embedded server (protocol §5–§9): {@link
 * dev.s2reactive.server.internal.http.records.RecordRoutes} registers check-tail, append (JSON,
 * protobuf, s2s session) and read (JSON, protobuf, SSE, s2s session) on the router; streams are
 * found through a {@link dev.s2reactive.server.internal.http.records.StreamResolver} the catalog
 * implements, and the basin of a request through {@link
 * dev.s2reactive.server.internal.http.RequestBasin}.
 */
package dev.s2reactive.server.internal.http.records;

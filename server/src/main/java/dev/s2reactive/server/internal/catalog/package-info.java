/**
 * The embedded server's catalog of basins and streams: names, configs, creation and asynchronous
 * deletion, idempotent creates, and the numeric stream ids the log store keys records by. Kept in
 * memory and written through to the metadata store. Internal: not part of the public API.
 */
package dev.s2reactive.server.internal.catalog;

/**
 * The JSON codec of the S2 v1 API: {@link dev.s2reactive.core.internal.codec.json.S2Json} and the
 * {@link dev.s2reactive.core.internal.codec.json.RecordFormat} of record bytes. Internal: not part
 * of the public API.
 */
package dev.s2reactive.core.internal.codec.json;

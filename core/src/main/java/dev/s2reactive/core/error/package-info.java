/**
 * Errors of the S2 API: {@link dev.s2reactive.core.error.S2Exception} and its transient and
 * non-transient branches, the typed 412 and 416 failures, and the table of wire codes. Exceptions
 * are immutable and safe to pass between threads.
 */
package dev.s2reactive.core.error;

/**
 * Validation of names, append batches and command records against the limits of the S2 v1
 * protocol. Internal: not part of the public API.
 */
package dev.s2reactive.core.internal.validation;

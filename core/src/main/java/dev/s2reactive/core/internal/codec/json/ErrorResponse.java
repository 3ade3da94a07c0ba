package dev.s2reactive.core.internal.codec.json;

/**
 * An HTTP error response ready to send: the status and the JSON body ({@code ErrorInfo}, or the
 * 412 / 416 shapes). Immutable; the body array must not be modified.
 *
 * @param status the HTTP status
 * @param body the UTF-8 JSON body
 */
public record ErrorResponse(int status, byte[] body) {}

package dev.s2reactive.core.internal.transport;

import io.netty.handler.codec.http.HttpHeaders;

/** A successful (2xx) unary response: status, headers and the whole body. */
public record UnaryResponse(int status, HttpHeaders headers, byte[] body) {}

/**
 * Protobuf encoding of the {@code s2.v1} messages (protocol §9.4) used by unary {@code
 * application/protobuf} requests and by s2s sessions, hand-written over protobuf-java's coded
 * streams.
 */
package dev.s2reactive.core.internal.codec.proto;

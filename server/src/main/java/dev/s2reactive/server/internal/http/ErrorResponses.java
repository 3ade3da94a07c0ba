package dev.s2reactive.server.internal.http;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Renders failures as S2 error responses: status + {@code {"code","message"}} JSON. */
public final class ErrorResponses {

  private ErrorResponses() {}

  /** Converts any failure to the S2 exception it is reported as; unknown failures are 500 other. */
  public static S2Exception toS2(Throwable error) {
    if (error instanceof S2Exception s2) {
      return s2;
    }
    if (error instanceof Router.BadPathException bad) {
      return S2Exception.of(ErrorCode.BAD_PATH, bad.getMessage());
    }
    return S2Exception.of(ErrorCode.OTHER, "internal error");
  }

  /** Sends the error response, unless the response was already committed. */
  public static Publisher<Void> send(HttpServerResponse response, Throwable error) {
    if (response.hasSentHeaders()) {
      return Mono.error(error);
    }
    S2Exception s2 = toS2(error);
    if (s2.status() == HttpResponseStatus.REQUEST_TIMEOUT.code()) {
      // The request body was not read to its end: the connection cannot carry another request.
      response.keepAlive(false);
    }
    return response
        .status(HttpResponseStatus.valueOf(s2.status()))
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .sendString(Mono.just(errorJson(s2)), StandardCharsets.UTF_8)
        .then();
  }

  /** The JSON body {@code {"code":…,"message":…}}. */
  public static String errorJson(S2Exception error) {
    StringBuilder out = new StringBuilder(64 + String.valueOf(error.getMessage()).length());
    out.append("{\"code\":");
    appendJsonString(out, error.code());
    out.append(",\"message\":");
    appendJsonString(out, String.valueOf(error.getMessage()));
    return out.append('}').toString();
  }

  private static void appendJsonString(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}

package dev.s2reactive.server.internal.http;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.json.ErrorResponse;
import dev.s2reactive.core.internal.codec.json.S2Json;
import io.netty.handler.codec.http.HttpResponseStatus;
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

  /**
   * An error about a stream, naming it as the caller does: with {@code auto_prefix_streams} the
   * catalog speaks of stored names, which carry the token's prefix (protocol §12.1).
   */
  public static Throwable withVisibleStreamName(Throwable error, String stored, String visible) {
    if (stored.equals(visible) || !(error instanceof S2Exception s2)) {
      return error;
    }
    String message = String.valueOf(s2.getMessage());
    String renamed = message.replace("`" + stored + "`", "`" + visible + "`");
    return renamed.equals(message) ? error : S2Exception.of(s2.status(), s2.code(), renamed);
  }

  /** Sends the error response, unless the response was already committed. */
  public static Publisher<Void> send(HttpServerResponse response, Throwable error) {
    if (response.hasSentHeaders()) {
      return Mono.error(error);
    }
    ErrorResponse rendered = render(error);
    if (rendered.status() == HttpResponseStatus.REQUEST_TIMEOUT.code()) {
      // The request body was not read to its end: the connection cannot carry another request.
      response.keepAlive(false);
    }
    return HttpResponses.json(
        response, HttpResponseStatus.valueOf(rendered.status()), rendered.body());
  }

  /**
   * Status and JSON body reporting {@code error}: {@code ErrorInfo}, or the 412 {@code
   * AppendConditionFailed} and 416 {@code TailResponse} bodies (protocol §10).
   */
  public static ErrorResponse render(Throwable error) {
    return S2Json.errorResponse(toS2(error));
  }
}

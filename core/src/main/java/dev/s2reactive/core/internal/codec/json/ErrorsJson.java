package dev.s2reactive.core.internal.codec.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.RangeNotSatisfiableException;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendConditionFailed;
import dev.s2reactive.core.model.ErrorInfo;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.core.model.TailResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/** Error bodies (protocol §10) in both directions. */
final class ErrorsJson {

  /** Longest slice of an unparsable body quoted in a fallback message. */
  private static final int MAX_QUOTED_BODY = 256;

  private ErrorsJson() {}

  static void writeErrorInfo(JsonGenerator g, ErrorInfo e) throws IOException {
    g.writeStartObject();
    g.writeStringField("code", e.code());
    g.writeStringField("message", e.message());
    g.writeEndObject();
  }

  static ErrorInfo readErrorInfo(JsonIn in) {
    String code = null;
    String message = null;
    in.startObject("ErrorInfo");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "code":
          code = in.string("code");
          break;
        case "message":
          message = in.optString("message");
          break;
        default:
          in.skipValue();
      }
    }
    if (code == null) {
      throw in.missing("code");
    }
    return new ErrorInfo(code, message == null ? "" : message);
  }

  static void writeConditionFailed(JsonGenerator g, AppendConditionFailed c) throws IOException {
    g.writeStartObject();
    if (c.fencingTokenMismatch().isPresent()) {
      g.writeStringField("fencing_token_mismatch", c.fencingTokenMismatch().get());
    } else {
      JsonOut.u64Field(g, "seq_num_mismatch", c.seqNumMismatch().getAsLong());
    }
    g.writeEndObject();
  }

  static AppendConditionFailed readConditionFailed(JsonIn in) {
    in.startObject("AppendConditionFailed");
    String variant = in.nextField();
    if (variant == null) {
      throw JsonIn.dataError(
          "expected one of `fencing_token_mismatch`, `seq_num_mismatch`, found an empty object");
    }
    AppendConditionFailed result;
    switch (variant) {
      case "fencing_token_mismatch":
        result = AppendConditionFailed.fencingTokenMismatch(in.string(variant));
        break;
      case "seq_num_mismatch":
        result = AppendConditionFailed.seqNumMismatch(in.u64(variant));
        break;
      default:
        throw ConfigJson.unknownVariant(variant, "fencing_token_mismatch", "seq_num_mismatch");
    }
    if (in.nextField() != null) {
      throw JsonIn.dataError("AppendConditionFailed must have exactly one key");
    }
    return result;
  }

  // ---- status + body -> exception ----

  static S2Exception toException(int status, byte[] body) {
    if (status == 412) {
      Optional<AppendConditionFailed> c = tryDecode(body, ErrorsJson::readConditionFailed);
      if (c.isPresent()) {
        return c.get().fencingTokenMismatch().isPresent()
            ? AppendConditionFailedException.fencingTokenMismatch(
                c.get().fencingTokenMismatch().get())
            : AppendConditionFailedException.seqNumMismatch(c.get().seqNumMismatch().getAsLong());
      }
    } else if (status == 416) {
      Optional<StreamPosition> tail = tryDecode(body, in -> RecordsJson.readTail(in).tail());
      if (tail.isPresent()) {
        return new RangeNotSatisfiableException(tail.get());
      }
    }
    Optional<ErrorInfo> info = tryDecode(body, ErrorsJson::readErrorInfo);
    if (info.isPresent()) {
      return S2Exception.of(status, info.get().code(), info.get().message());
    }
    return S2Exception.of(status, fallbackCode(status), fallbackMessage(status, body));
  }

  private static <T> Optional<T> tryDecode(byte[] body, Function<JsonIn, T> f) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try (JsonIn in = JsonIn.of(body)) {
      T value = f.apply(in);
      in.finish();
      return Optional.of(value);
    } catch (RuntimeException e) {
      // Any body we cannot read as this shape falls through to the next interpretation.
      return Optional.empty();
    }
  }

  /**
   * A code for a response whose body is not an S2 error (a proxy's page, an empty body): one that
   * keeps the status's retry semantics.
   */
  private static String fallbackCode(int status) {
    switch (status) {
      case 401:
        return ErrorCode.AUTHN.wireName();
      case 403:
        return ErrorCode.PERMISSION_DENIED.wireName();
      case 408:
        return ErrorCode.REQUEST_TIMEOUT.wireName();
      case 429:
        return ErrorCode.RATE_LIMITED.wireName();
      case 502:
        return ErrorCode.HOT_SERVER.wireName();
      case 503:
        return ErrorCode.UNAVAILABLE.wireName();
      case 504:
        return ErrorCode.UPSTREAM_TIMEOUT.wireName();
      default:
        return status >= 500 ? ErrorCode.OTHER.wireName() : "http_" + status;
    }
  }

  private static String fallbackMessage(int status, byte[] body) {
    if (body == null || body.length == 0) {
      return "HTTP " + status + " with an empty body";
    }
    String text =
        new String(body, 0, Math.min(body.length, MAX_QUOTED_BODY), StandardCharsets.UTF_8).strip();
    return "HTTP " + status + ": " + text + (body.length > MAX_QUOTED_BODY ? "…" : "");
  }

  // ---- exception -> status + body ----

  static ErrorResponse toResponse(S2Exception e) {
    if (e instanceof AppendConditionFailedException c) {
      Optional<String> token = c.currentFencingToken();
      OptionalLong next = c.nextSeqNum();
      AppendConditionFailed body =
          token.isPresent()
              ? AppendConditionFailed.fencingTokenMismatch(token.get())
              : AppendConditionFailed.seqNumMismatch(next.getAsLong());
      return new ErrorResponse(412, JsonOut.toBytes(g -> writeConditionFailed(g, body)));
    }
    if (e instanceof RangeNotSatisfiableException r) {
      TailResponse body = new TailResponse(r.tail());
      return new ErrorResponse(416, JsonOut.toBytes(g -> RecordsJson.writeTail(g, body)));
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    ErrorInfo info = new ErrorInfo(e.code(), message);
    return new ErrorResponse(e.status(), JsonOut.toBytes(g -> writeErrorInfo(g, info)));
  }
}

package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.assertBadJson;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.str;
import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.error.AppendConditionFailedException;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.RangeNotSatisfiableException;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.error.S2TransientException;
import dev.s2reactive.core.model.AppendConditionFailed;
import dev.s2reactive.core.model.ErrorInfo;
import dev.s2reactive.core.model.StreamPosition;
import org.junit.jupiter.api.Test;

class S2JsonErrorsTest {

  @Test
  void errorInfoGolden() {
    String json = "{\"code\":\"bad_header\",\"message\":\"Missing header `s2-basin`\"}";
    ErrorInfo info = new ErrorInfo("bad_header", "Missing header `s2-basin`");
    assertThat(str(S2Json.encodeErrorInfo(info))).isEqualTo(json);
    assertThat(S2Json.decodeErrorInfo(utf8(json))).isEqualTo(info);
  }

  @Test
  void conditionFailedGolden() {
    assertThat(str(S2Json.encodeAppendConditionFailed(AppendConditionFailed.seqNumMismatch(5))))
        .isEqualTo("{\"seq_num_mismatch\":5}");
    assertThat(
            str(
                S2Json.encodeAppendConditionFailed(
                    AppendConditionFailed.fencingTokenMismatch("current"))))
        .isEqualTo("{\"fencing_token_mismatch\":\"current\"}");
    assertThat(S2Json.decodeAppendConditionFailed(utf8("{\"seq_num_mismatch\":5}")))
        .isEqualTo(AppendConditionFailed.seqNumMismatch(5));
    assertBadJson(() -> S2Json.decodeAppendConditionFailed(utf8("{}")));
    assertBadJson(
        () ->
            S2Json.decodeAppendConditionFailed(
                utf8("{\"seq_num_mismatch\":5,\"fencing_token_mismatch\":\"a\"}")));
  }

  @Test
  void responseToException() {
    S2Exception e =
        S2Json.errorFromResponse(
            404, utf8("{\"code\":\"stream_not_found\",\"message\":\"stream `s` in basin `b` not found\"}"));
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.errorCode()).contains(ErrorCode.STREAM_NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo("stream `s` in basin `b` not found");
    assertThat(e.isRetryable()).isFalse();

    S2Exception unknown = S2Json.errorFromResponse(503, utf8("{\"code\":\"brand_new\",\"message\":\"m\"}"));
    assertThat(unknown.code()).isEqualTo("brand_new");
    assertThat(unknown).isInstanceOf(S2TransientException.class);
  }

  @Test
  void conditionFailedResponseBecomesTypedException() {
    S2Exception seq = S2Json.errorFromResponse(412, utf8("{\"seq_num_mismatch\":5}"));
    assertThat(seq).isInstanceOf(AppendConditionFailedException.class);
    assertThat(((AppendConditionFailedException) seq).nextSeqNum()).hasValue(5);
    S2Exception fence =
        S2Json.errorFromResponse(412, utf8("{\"fencing_token_mismatch\":\"owner-2\"}"));
    assertThat(((AppendConditionFailedException) fence).currentFencingToken()).contains("owner-2");
    S2Exception big =
        S2Json.errorFromResponse(412, utf8("{\"seq_num_mismatch\":18446744073709551615}"));
    assertThat(((AppendConditionFailedException) big).nextSeqNum()).hasValue(-1L);
  }

  @Test
  void rangeNotSatisfiableResponseCarriesTail() {
    S2Exception e =
        S2Json.errorFromResponse(416, utf8("{\"tail\":{\"seq_num\":8,\"timestamp\":1724000000001}}"));
    assertThat(e).isInstanceOf(RangeNotSatisfiableException.class);
    assertThat(((RangeNotSatisfiableException) e).tail())
        .isEqualTo(StreamPosition.of(8, 1724000000001L));
  }

  @Test
  void unparsableBodiesFallBackSanely() {
    S2Exception html = S2Json.errorFromResponse(502, utf8("<html>Bad Gateway</html>"));
    assertThat(html.status()).isEqualTo(502);
    assertThat(html.isRetryable()).isTrue();
    assertThat(html.getMessage()).contains("502").contains("Bad Gateway");

    S2Exception empty = S2Json.errorFromResponse(404, new byte[0]);
    assertThat(empty.status()).isEqualTo(404);
    assertThat(empty.isRetryable()).isFalse();
    assertThat(empty.getMessage()).contains("empty body");

    assertThat(S2Json.errorFromResponse(429, null).isRetryable()).isTrue();
    assertThat(S2Json.errorFromResponse(408, utf8("timeout")).isRetryable()).isTrue();
    assertThat(S2Json.errorFromResponse(500, utf8("{\"code\":1}")).isRetryable()).isTrue();

    // A 412 or 416 whose body is an ErrorInfo is still understood.
    S2Exception odd =
        S2Json.errorFromResponse(416, utf8("{\"code\":\"invalid\",\"message\":\"m\"}"));
    assertThat(odd).isNotInstanceOf(RangeNotSatisfiableException.class);
    assertThat(odd.code()).isEqualTo("invalid");

    String longBody = "x".repeat(10_000);
    assertThat(S2Json.errorFromResponse(400, utf8(longBody)).getMessage().length()).isLessThan(400);
  }

  @Test
  void exceptionToResponse() {
    ErrorResponse notFound =
        S2Json.errorResponse(S2Exception.of(ErrorCode.BASIN_NOT_FOUND, "basin `b` not found"));
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(str(notFound.body()))
        .isEqualTo("{\"code\":\"basin_not_found\",\"message\":\"basin `b` not found\"}");

    ErrorResponse seq = S2Json.errorResponse(AppendConditionFailedException.seqNumMismatch(5));
    assertThat(seq.status()).isEqualTo(412);
    assertThat(str(seq.body())).isEqualTo("{\"seq_num_mismatch\":5}");

    ErrorResponse fence =
        S2Json.errorResponse(AppendConditionFailedException.fencingTokenMismatch("t"));
    assertThat(str(fence.body())).isEqualTo("{\"fencing_token_mismatch\":\"t\"}");

    ErrorResponse range =
        S2Json.errorResponse(new RangeNotSatisfiableException(StreamPosition.of(3, 9)));
    assertThat(range.status()).isEqualTo(416);
    assertThat(str(range.body())).isEqualTo("{\"tail\":{\"seq_num\":3,\"timestamp\":9}}");

    ErrorResponse notImpl =
        S2Json.errorResponse(S2Exception.of(ErrorCode.NOT_IMPLEMENTED, "Not implemented"));
    assertThat(notImpl.status()).isEqualTo(501);
    assertThat(str(notImpl.body()))
        .isEqualTo("{\"code\":\"not_implemented\",\"message\":\"Not implemented\"}");

    // Round trip through the client mapping.
    S2Exception back = S2Json.errorFromResponse(seq.status(), seq.body());
    assertThat(((AppendConditionFailedException) back).nextSeqNum()).hasValue(5);
  }
}

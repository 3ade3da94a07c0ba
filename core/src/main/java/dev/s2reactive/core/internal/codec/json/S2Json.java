package dev.s2reactive.core.internal.codec.json;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AccessTokenInfo;
import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendConditionFailed;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.BasinReconfiguration;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.ErrorInfo;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.IssueAccessTokenResponse;
import dev.s2reactive.core.model.ListAccessTokensResponse;
import dev.s2reactive.core.model.ListBasinsResponse;
import dev.s2reactive.core.model.ListStreamsResponse;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.core.model.StreamPosition;
import dev.s2reactive.core.model.StreamReconfiguration;
import dev.s2reactive.core.model.TailResponse;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * The S2 v1 JSON codec (protocol §4, §5, §10): one {@code encode}/{@code decode} pair per wire
 * type. Stateless and thread-safe.
 *
 * <p>Encoders produce UTF-8 JSON with the keys in the reference server's order; unset optional
 * fields are written as {@code null}, except the documented omissions (a {@code ReadBatch} without
 * {@code tail}, empty record headers and bodies, absent append conditions, and absent {@code
 * Patch} fields). Decoders are strict (protocol §2): malformed or wrongly typed JSON, trailing
 * content and lone surrogates throw {@link S2Exception} 400 {@code bad_json}; semantic failures
 * such as invalid base64 or a zero retention age throw 422 {@code invalid}, but only once the whole
 * document has parsed. Unknown fields are ignored and optional fields accept {@code null} and
 * absence alike.
 */
public final class S2Json {

  private S2Json() {}

  // ---- records ----

  /** Decodes an append request body. Limits are not checked here (see AppendValidation). */
  public static AppendInput decodeAppendInput(byte[] json, RecordFormat format) {
    return decode(json, in -> RecordsJson.readAppendInput(in, format));
  }

  public static AppendInput decodeAppendInput(
      byte[] json, int offset, int length, RecordFormat format) {
    return decode(json, offset, length, in -> RecordsJson.readAppendInput(in, format));
  }

  public static byte[] encodeAppendInput(AppendInput input, RecordFormat format) {
    return JsonOut.toBytes(g -> RecordsJson.writeAppendInput(g, input, format));
  }

  public static byte[] encodeReadBatch(ReadBatch batch, RecordFormat format) {
    return JsonOut.toBytes(g -> RecordsJson.writeReadBatch(g, batch, format));
  }

  /** Writes a read batch to {@code out}, which is flushed but not closed. */
  public static void writeReadBatch(ReadBatch batch, RecordFormat format, OutputStream out) {
    JsonOut.to(out, g -> RecordsJson.writeReadBatch(g, batch, format));
  }

  public static ReadBatch decodeReadBatch(byte[] json, RecordFormat format) {
    return decode(json, in -> RecordsJson.readReadBatch(in, format));
  }

  public static byte[] encodeAppendAck(AppendAck ack) {
    return JsonOut.toBytes(g -> RecordsJson.writeAppendAck(g, ack));
  }

  public static AppendAck decodeAppendAck(byte[] json) {
    return decode(json, RecordsJson::readAppendAck);
  }

  public static byte[] encodeStreamPosition(StreamPosition position) {
    return JsonOut.toBytes(g -> JsonOut.position(g, position));
  }

  public static StreamPosition decodeStreamPosition(byte[] json) {
    return decode(json, in -> RecordsJson.readPosition(in, "StreamPosition"));
  }

  public static byte[] encodeTailResponse(TailResponse tail) {
    return JsonOut.toBytes(g -> RecordsJson.writeTail(g, tail));
  }

  public static TailResponse decodeTailResponse(byte[] json) {
    return decode(json, RecordsJson::readTail);
  }

  // ---- configs ----

  public static byte[] encodeStreamConfig(StreamConfig config) {
    return JsonOut.toBytes(g -> ConfigJson.writeStreamConfig(g, config));
  }

  public static StreamConfig decodeStreamConfig(byte[] json) {
    return decode(json, ConfigJson::readStreamConfig);
  }

  /** The body of {@code PUT /streams/{s}}: a bare config, or an empty body for the defaults. */
  public static StreamConfig decodeEnsureStreamConfig(byte[] json) {
    return json.length == 0 ? StreamConfig.EMPTY : decodeStreamConfig(json);
  }

  public static byte[] encodeStreamReconfiguration(StreamReconfiguration reconfiguration) {
    return JsonOut.toBytes(g -> ConfigJson.writeStreamReconfiguration(g, reconfiguration));
  }

  public static StreamReconfiguration decodeStreamReconfiguration(byte[] json) {
    return decode(json, ConfigJson::readStreamReconfiguration);
  }

  public static byte[] encodeBasinConfig(BasinConfig config) {
    return JsonOut.toBytes(g -> ConfigJson.writeBasinConfig(g, config));
  }

  public static BasinConfig decodeBasinConfig(byte[] json) {
    return decode(json, ConfigJson::readBasinConfig);
  }

  public static byte[] encodeBasinReconfiguration(BasinReconfiguration reconfiguration) {
    return JsonOut.toBytes(g -> ConfigJson.writeBasinReconfiguration(g, reconfiguration));
  }

  public static BasinReconfiguration decodeBasinReconfiguration(byte[] json) {
    return decode(json, ConfigJson::readBasinReconfiguration);
  }

  // ---- basins and streams ----

  public static byte[] encodeBasinInfo(BasinInfo info) {
    return JsonOut.toBytes(g -> ResourcesJson.writeBasinInfo(g, info));
  }

  /** Accepts the deprecated {@code scope} for {@code location} and derives a missing state. */
  public static BasinInfo decodeBasinInfo(byte[] json) {
    return decode(json, ResourcesJson::readBasinInfo);
  }

  public static byte[] encodeListBasinsResponse(ListBasinsResponse response) {
    return JsonOut.toBytes(g -> ResourcesJson.writeListBasins(g, response));
  }

  public static ListBasinsResponse decodeListBasinsResponse(byte[] json) {
    return decode(json, ResourcesJson::readListBasins);
  }

  public static byte[] encodeStreamInfo(StreamInfo info) {
    return JsonOut.toBytes(g -> ResourcesJson.writeStreamInfo(g, info));
  }

  public static StreamInfo decodeStreamInfo(byte[] json) {
    return decode(json, ResourcesJson::readStreamInfo);
  }

  public static byte[] encodeListStreamsResponse(ListStreamsResponse response) {
    return JsonOut.toBytes(g -> ResourcesJson.writeListStreams(g, response));
  }

  public static ListStreamsResponse decodeListStreamsResponse(byte[] json) {
    return decode(json, ResourcesJson::readListStreams);
  }

  public static byte[] encodeCreateBasinRequest(CreateBasinRequest request) {
    return JsonOut.toBytes(g -> ResourcesJson.writeCreateBasin(g, request));
  }

  /** Validates the basin name and location (400 {@code bad_json}); accepts {@code scope}. */
  public static CreateBasinRequest decodeCreateBasinRequest(byte[] json) {
    return decode(json, ResourcesJson::readCreateBasin);
  }

  public static byte[] encodeEnsureBasinRequest(EnsureBasinRequest request) {
    return JsonOut.toBytes(g -> ResourcesJson.writeEnsureBasin(g, request));
  }

  /** An empty body means {@link EnsureBasinRequest#EMPTY}. */
  public static EnsureBasinRequest decodeEnsureBasinRequest(byte[] json) {
    return json.length == 0
        ? EnsureBasinRequest.EMPTY
        : decode(json, ResourcesJson::readEnsureBasin);
  }

  public static byte[] encodeCreateStreamRequest(CreateStreamRequest request) {
    return JsonOut.toBytes(g -> ResourcesJson.writeCreateStream(g, request));
  }

  /** Validates the stream name (400 {@code bad_json}). */
  public static CreateStreamRequest decodeCreateStreamRequest(byte[] json) {
    return decode(json, ResourcesJson::readCreateStream);
  }

  // ---- access tokens ----

  public static byte[] encodeIssueAccessTokenRequest(IssueAccessTokenRequest request) {
    return JsonOut.toBytes(g -> AccessTokensJson.writeIssueRequest(g, request));
  }

  /**
   * Validates the id and the resource-set names (400 {@code bad_json}); {@code
   * auto_prefix_streams} with an exact stream set is 422 {@code invalid}.
   */
  public static IssueAccessTokenRequest decodeIssueAccessTokenRequest(byte[] json) {
    return decode(json, AccessTokensJson::readIssueRequest);
  }

  public static byte[] encodeAccessTokenInfo(AccessTokenInfo info) {
    return JsonOut.toBytes(g -> AccessTokensJson.writeTokenInfo(g, info));
  }

  public static AccessTokenInfo decodeAccessTokenInfo(byte[] json) {
    return decode(json, AccessTokensJson::readTokenInfo);
  }

  public static byte[] encodeListAccessTokensResponse(ListAccessTokensResponse response) {
    return JsonOut.toBytes(g -> AccessTokensJson.writeListTokens(g, response));
  }

  public static ListAccessTokensResponse decodeListAccessTokensResponse(byte[] json) {
    return decode(json, AccessTokensJson::readListTokens);
  }

  public static byte[] encodeIssueAccessTokenResponse(IssueAccessTokenResponse response) {
    return JsonOut.toBytes(g -> AccessTokensJson.writeIssueResponse(g, response));
  }

  public static IssueAccessTokenResponse decodeIssueAccessTokenResponse(byte[] json) {
    return decode(json, AccessTokensJson::readIssueResponse);
  }

  // ---- errors ----

  public static byte[] encodeErrorInfo(ErrorInfo error) {
    return JsonOut.toBytes(g -> ErrorsJson.writeErrorInfo(g, error));
  }

  public static ErrorInfo decodeErrorInfo(byte[] json) {
    return decode(json, ErrorsJson::readErrorInfo);
  }

  public static byte[] encodeAppendConditionFailed(AppendConditionFailed body) {
    return JsonOut.toBytes(g -> ErrorsJson.writeConditionFailed(g, body));
  }

  public static AppendConditionFailed decodeAppendConditionFailed(byte[] json) {
    return decode(json, ErrorsJson::readConditionFailed);
  }

  /**
   * The exception for an error response: a 412 {@code AppendConditionFailed} body becomes an
   * AppendConditionFailedException, a 416 {@code TailResponse} body a
   * RangeNotSatisfiableException, an {@code ErrorInfo} body {@link S2Exception#of(int, String,
   * String)}. A body that is none of these (empty, HTML from a proxy) gets a code that keeps the
   * status's retry semantics and a message quoting the start of the body. Never throws.
   */
  public static S2Exception errorFromResponse(int status, byte[] body) {
    return ErrorsJson.toException(status, body);
  }

  /** The status and JSON body that report {@code error} to a client. */
  public static ErrorResponse errorResponse(S2Exception error) {
    return ErrorsJson.toResponse(error);
  }

  // ---- plumbing ----

  private static <T> T decode(byte[] json, Function<JsonIn, T> reader) {
    return decode(json, 0, json.length, reader);
  }

  private static <T> T decode(byte[] json, int offset, int length, Function<JsonIn, T> reader) {
    try (JsonIn in = JsonIn.of(json, offset, length)) {
      T value = reader.apply(in);
      in.finish();
      return value;
    }
  }
}

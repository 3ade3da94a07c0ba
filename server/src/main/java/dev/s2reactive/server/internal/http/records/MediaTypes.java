package dev.s2reactive.server.internal.http.records;

import java.util.Locale;

/**
 * Content negotiation of the records endpoints. Only the first media type of {@code Accept} and
 * {@code Content-Type} counts (protocol §2); parameters are ignored and matching is
 * case-insensitive. Stateless.
 */
final class MediaTypes {

  static final String JSON = "application/json";
  static final String PROTOBUF = "application/protobuf";
  static final String EVENT_STREAM = "text/event-stream";
  static final String S2S = "s2s/proto";

  private MediaTypes() {}

  /** The first media type of a header value, lower-cased without parameters; "" when absent. */
  static String first(String headerValue) {
    if (headerValue == null) {
      return "";
    }
    int end = headerValue.length();
    int comma = headerValue.indexOf(',');
    if (comma >= 0) {
      end = comma;
    }
    int semicolon = headerValue.indexOf(';');
    if (semicolon >= 0 && semicolon < end) {
      end = semicolon;
    }
    return headerValue.substring(0, end).strip().toLowerCase(Locale.ROOT);
  }

  /** {@code application/json} or any {@code application/*+json}. */
  static boolean isJson(String mediaType) {
    return mediaType.equals(JSON)
        || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  /** {@code application/protobuf} or {@code application/x-protobuf}. */
  static boolean isProtobuf(String mediaType) {
    return mediaType.equals(PROTOBUF) || mediaType.equals("application/x-protobuf");
  }

  static boolean isS2s(String mediaType) {
    return mediaType.equals(S2S);
  }

  static boolean isEventStream(String mediaType) {
    return mediaType.equals(EVENT_STREAM);
  }
}

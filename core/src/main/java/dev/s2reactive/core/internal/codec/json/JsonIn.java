package dev.s2reactive.core.internal.codec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A strict pull reader over one JSON document (protocol §2 "Strict parsing"): values must have the
 * declared type, nothing may follow the document, lone surrogates and duplicate keys are errors,
 * unknown fields are skipped. Syntax and type errors throw 400 {@code bad_json} at once; semantic
 * errors found while reading are {@linkplain #invalid deferred} and thrown as 422 {@code invalid}
 * by {@link #finish()} once the whole document has parsed. Not thread-safe; one per document.
 */
final class JsonIn implements AutoCloseable {

  /** serde_json's recursion limit; our documents nest at most a handful of levels. */
  static final int MAX_NESTING_DEPTH = 128;

  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .build();

  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final String SYNTAX = "Failed to parse the request body as JSON: ";
  private static final String DATA = "Failed to deserialize the JSON body into the target type: ";

  private final JsonParser parser;
  private String deferredInvalid;

  private JsonIn(JsonParser parser) {
    this.parser = parser;
  }

  static JsonIn of(byte[] json, int offset, int length) {
    rejectNonUtf8(json, offset, length);
    try {
      JsonIn in = new JsonIn(FACTORY.createParser(json, offset, length));
      in.advance();
      return in;
    } catch (IOException e) {
      throw syntax(e);
    }
  }

  /**
   * Jackson sniffs a BOM and UTF-16/32 from the first bytes; the wire is UTF-8 only. A UTF-8 JSON
   * document starts with an ASCII byte and has no raw NUL, so either sign means another encoding.
   */
  private static void rejectNonUtf8(byte[] json, int offset, int length) {
    if (length > 0 && json[offset] < 0) {
      throw S2Exception.of(ErrorCode.BAD_JSON, SYNTAX + "expected value at line 1 column 1");
    }
    for (int i = offset, end = offset + Math.min(length, 4); i < end; i++) {
      if (json[i] == 0) {
        throw S2Exception.of(ErrorCode.BAD_JSON, SYNTAX + "expected value at line 1 column 1");
      }
    }
  }

  static JsonIn of(byte[] json) {
    return of(json, 0, json.length);
  }

  /** Checks that nothing but whitespace follows the document, then throws any deferred error. */
  void finish() {
    // Readers leave the parser on the token after the value they consumed: that one must be the
    // end of input (a trailing scalar such as `null` would otherwise slip through).
    JsonToken next = parser.currentToken();
    if (next == null) {
      try {
        next = parser.nextToken();
      } catch (IOException e) {
        throw syntax(e);
      }
    }
    if (next != null) {
      throw dataError("trailing characters after the JSON value");
    }
    if (deferredInvalid != null) {
      throw S2Exception.of(ErrorCode.INVALID, deferredInvalid);
    }
  }

  /** Records a semantic (422) error; the first one wins and is thrown by {@link #finish()}. */
  void invalid(String message) {
    if (deferredInvalid == null) {
      deferredInvalid = message;
    }
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException ignored) {
      // Closing a parser over a byte array cannot fail in a way that matters.
    }
  }

  // ---- structure ----

  JsonToken token() {
    return parser.currentToken();
  }

  boolean isNull() {
    return parser.currentToken() == JsonToken.VALUE_NULL;
  }

  /** Consumes a null at the current position. */
  void skipNull() {
    advance();
  }

  void startObject(String what) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw typeError(what, "an object");
    }
    advance();
  }

  /**
   * The next field name of the current object, with the reader placed on its value; null (with
   * the object consumed) at the end of the object.
   */
  String nextField() {
    JsonToken t = parser.currentToken();
    if (t == JsonToken.END_OBJECT) {
      advance();
      return null;
    }
    String name;
    try {
      name = parser.currentName();
    } catch (IOException e) {
      throw syntax(e);
    }
    checkSurrogates(name);
    advance();
    return name;
  }

  void startArray(String what) {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw typeError(what, "an array");
    }
    advance();
  }

  /** True (and the array consumed) at the end of the current array. */
  boolean endArray() {
    if (parser.currentToken() == JsonToken.END_ARRAY) {
      advance();
      return true;
    }
    return false;
  }

  /** Skips the current value, however nested. */
  void skipValue() {
    try {
      JsonToken t = parser.currentToken();
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        // Strings inside unknown fields must still be valid (no lone surrogates).
        int depth = 0;
        do {
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            depth++;
          } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            depth--;
          } else if (t == JsonToken.VALUE_STRING) {
            checkSurrogates(parser.getText());
          } else if (t == JsonToken.FIELD_NAME) {
            checkSurrogates(parser.currentName());
          }
          if (depth == 0) {
            break;
          }
          t = parser.nextToken();
        } while (t != null);
      } else if (t == JsonToken.VALUE_STRING) {
        checkSurrogates(parser.getText());
      }
      advance();
    } catch (IOException e) {
      throw syntax(e);
    }
  }

  // ---- scalars (each consumes the value) ----

  String string(String what) {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw typeError(what, "a string");
    }
    try {
      String s = parser.getText();
      checkSurrogates(s);
      advance();
      return s;
    } catch (IOException e) {
      throw syntax(e);
    }
  }

  /** A string's UTF-8 bytes, without building a String (the raw-format record path). */
  byte[] utf8Bytes(String what) {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw typeError(what, "a string");
    }
    try {
      char[] chars = parser.getTextCharacters();
      int off = parser.getTextOffset();
      int len = parser.getTextLength();
      byte[] bytes = Utf8.encode(chars, off, len);
      if (bytes == null) {
        throw S2Exception.of(ErrorCode.BAD_JSON, SYNTAX + "lone leading or trailing surrogate");
      }
      advance();
      return bytes;
    } catch (IOException e) {
      throw syntax(e);
    }
  }

  /**
   * A string decoded as strict base64, or null (with the string consumed) when it is not valid
   * base64; the caller decides how to report that.
   */
  byte[] base64Bytes(String what) {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw typeError(what, "a string");
    }
    try {
      char[] chars = parser.getTextCharacters();
      int off = parser.getTextOffset();
      int len = parser.getTextLength();
      byte[] bytes = RecordFormat.decodeBase64(chars, off, len);
      if (bytes == null) {
        // Not base64, but a lone surrogate is a JSON error first.
        checkSurrogates(new String(chars, off, len));
      }
      advance();
      return bytes;
    } catch (IOException e) {
      throw syntax(e);
    }
  }

  /** A string or null (returned as null). */
  String optString(String what) {
    if (isNull()) {
      advance();
      return null;
    }
    return string(what);
  }

  boolean bool(String what) {
    JsonToken t = parser.currentToken();
    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
      throw typeError(what, "a boolean");
    }
    advance();
    return t == JsonToken.VALUE_TRUE;
  }

  /** An unsigned 64-bit integer as its bit pattern in a long. */
  long u64(String what) {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw typeError(what, "an unsigned 64-bit integer");
    }
    try {
      long v;
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        BigInteger big = parser.getBigIntegerValue();
        if (big.signum() < 0 || big.compareTo(U64_MAX) > 0) {
          throw typeError(what, "an unsigned 64-bit integer");
        }
        v = big.longValue();
      } else {
        // "-0" is a negative number to serde; reject every minus sign.
        if (parser.getTextLength() > 0 && parser.getTextCharacters()[parser.getTextOffset()] == '-') {
          throw typeError(what, "an unsigned 64-bit integer");
        }
        v = parser.getLongValue();
      }
      advance();
      return v;
    } catch (IOException e) {
      throw syntax(e);
    }
  }

  /** An RFC 3339 timestamp string. */
  Instant timestamp(String what) {
    String s = string(what);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT).replace(' ', 'T')).toInstant();
      } catch (DateTimeParseException e2) {
        throw dataError("invalid RFC 3339 timestamp for `" + what + "`: " + s);
      }
    }
  }

  // ---- errors ----

  S2Exception missing(String field) {
    return dataError("missing field `" + field + "`");
  }

  S2Exception typeError(String what, String expected) {
    return dataError(
        "invalid type for `" + what + "`: expected " + expected + ", found " + describe());
  }

  static S2Exception dataError(String detail) {
    return S2Exception.of(ErrorCode.BAD_JSON, DATA + detail);
  }

  private String describe() {
    JsonToken t = parser.currentToken();
    if (t == null) {
      return "end of input";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
        return "an integer";
      case VALUE_NUMBER_FLOAT:
        return "a floating-point number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }

  private void advance() {
    try {
      parser.nextToken();
    } catch (IOException e) {
      throw syntax(e);
    }
  }

  private static S2Exception syntax(IOException e) {
    String detail =
        e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    return S2Exception.of(ErrorCode.BAD_JSON, SYNTAX + detail);
  }

  /** Rejects unpaired UTF-16 surrogates, which serde refuses as invalid Unicode. */
  static void checkSurrogates(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw S2Exception.of(ErrorCode.BAD_JSON, SYNTAX + "lone leading or trailing surrogate");
        }
      }
    }
  }
}

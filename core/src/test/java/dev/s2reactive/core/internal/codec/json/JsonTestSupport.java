package dev.s2reactive.core.internal.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.s2reactive.core.error.S2Exception;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

final class JsonTestSupport {

  private JsonTestSupport() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Asserts that {@code call} throws an S2Exception with this status and code; returns it. */
  static S2Exception assertS2Error(ThrowingCallable call, int status, String code) {
    S2Exception e = catchThrowableOfType(S2Exception.class, call);
    assertThat(e).as("expected S2Exception %d %s", status, code).isNotNull();
    assertThat(e.status()).as("status of: %s", e.getMessage()).isEqualTo(status);
    assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
    return e;
  }

  static S2Exception assertBadJson(ThrowingCallable call) {
    return assertS2Error(call, 400, "bad_json");
  }

  static S2Exception assertInvalid(ThrowingCallable call) {
    return assertS2Error(call, 422, "invalid");
  }
}

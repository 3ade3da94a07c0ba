package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.JsonTestSupport.assertS2Error;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordFormatTest {

  @Test
  void headerValuesAndAliases() {
    assertThat(RecordFormat.fromHeader(null)).isEqualTo(RecordFormat.RAW);
    assertThat(RecordFormat.fromHeader("raw")).isEqualTo(RecordFormat.RAW);
    assertThat(RecordFormat.fromHeader("json")).isEqualTo(RecordFormat.RAW);
    assertThat(RecordFormat.fromHeader(" raw\t")).isEqualTo(RecordFormat.RAW);
    assertThat(RecordFormat.fromHeader("base64")).isEqualTo(RecordFormat.BASE64);
    assertThat(RecordFormat.fromHeader("json-binsafe")).isEqualTo(RecordFormat.BASE64);
    assertThat(RecordFormat.fromHeader("  base64 ")).isEqualTo(RecordFormat.BASE64);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hex", "RAW", "base-64", "json binsafe"})
  void unknownHeaderValueIsBadHeader(String value) {
    var e = assertS2Error(() -> RecordFormat.fromHeader(value), 400, "bad_header");
    assertThat(e.getMessage()).startsWith("Invalid header `s2-format`: ");
  }

  @Test
  void strictBase64AcceptsStandardPadded() {
    assertThat(RecordFormat.decodeBase64("")).isEmpty();
    assertThat(RecordFormat.decodeBase64("YQ==")).isEqualTo(bytes("a"));
    assertThat(RecordFormat.decodeBase64("YWI=")).isEqualTo(bytes("ab"));
    assertThat(RecordFormat.decodeBase64("YWJj")).isEqualTo(bytes("abc"));
    assertThat(RecordFormat.decodeBase64("+/+/")).isEqualTo(new byte[] {-5, -1, -65});
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "YQ", // unpadded
        "YWI", // unpadded
        "-_-_", // URL-safe alphabet
        "YQ=", // short padding
        "YQ===", // too much padding
        "Y Q==", // whitespace
        "YQ==YQ==", // padding in the middle
        "YR==", // non-canonical trailing bits
        "YWJ=", // non-canonical trailing bits
        "=YQ=",
        "Y",
        "YQ==\n",
        "\u00ff\u00ff\u00ff\u00ff", // non-ASCII
        "YWJ\u00e9",
        "\u0100QQQ",
        "YQ\u00e9="
      })
  void strictBase64RejectsEverythingElse(String text) {
    assertThat(RecordFormat.decodeBase64(text)).isNull();
  }

  @Test
  void strictBase64MatchesTheJdkEncoderOnRandomData() {
    Random random = new Random(3);
    for (int i = 0; i < 1000; i++) {
      byte[] data = new byte[random.nextInt(40)];
      random.nextBytes(data);
      String encoded = Base64.getEncoder().encodeToString(data);
      assertThat(RecordFormat.decodeBase64(encoded)).isEqualTo(data);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

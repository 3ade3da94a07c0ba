package dev.s2reactive.core.internal.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

  private static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void lossyDecodingReplacesEachMaximalInvalidSubpart() {
    // Expected strings follow Rust's from_utf8_lossy (Unicode "maximal subpart" practice).
    assertThat(Utf8.decodeLossy(b(0xF0, 0x28, 0x8C, 0xBC))).isEqualTo("\uFFFD(\uFFFD\uFFFD");
    assertThat(Utf8.decodeLossy(b(0xED, 0xA0, 0x80))).isEqualTo("\uFFFD\uFFFD\uFFFD");
    assertThat(Utf8.decodeLossy(b(0xF0, 0x90, 0x80))).isEqualTo("\uFFFD");
    assertThat(Utf8.decodeLossy(b(0xC0, 0xAF))).isEqualTo("\uFFFD\uFFFD");
    assertThat(Utf8.decodeLossy(b(0xE0, 0x80, 0xAF))).isEqualTo("\uFFFD\uFFFD\uFFFD");
    assertThat(Utf8.decodeLossy(b(0xF4, 0x90, 0x80, 0x80)))
        .isEqualTo("\uFFFD\uFFFD\uFFFD\uFFFD");
    assertThat(Utf8.decodeLossy(b(0xE2, 0x82))).isEqualTo("\uFFFD");
    assertThat(Utf8.decodeLossy(b('a', 0xFF, 'z'))).isEqualTo("a\uFFFDz");
    assertThat(Utf8.decodeLossy(b(0xE2, 0x82, 'x', 0xE2, 0x82, 0xAC))).isEqualTo("\uFFFDx€");
  }

  @Test
  void validInputDecodesLikeTheJdkAndIsRecognised() {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      StringBuilder s = new StringBuilder();
      for (int k = random.nextInt(12); k > 0; k--) {
        int cp;
        do {
          cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x110000);
        } while (cp >= 0xD800 && cp <= 0xDFFF);
        s.appendCodePoint(cp);
      }
      byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
      assertThat(Utf8.isValid(bytes)).isTrue();
      char[] chars = ("<" + s + ">").toCharArray();
      assertThat(Utf8.encode(chars, 1, chars.length - 2)).isEqualTo(bytes);
      assertThat(Utf8.decodeLossy(bytes)).isEqualTo(s.toString());
    }
  }

  @Test
  void encodeRejectsLoneSurrogates() {
    assertThat(Utf8.encode("a\ud800".toCharArray(), 0, 2)).isNull();
    assertThat(Utf8.encode("\udc00a".toCharArray(), 0, 2)).isNull();
    assertThat(Utf8.encode("\ud83d\ude00".toCharArray(), 0, 1)).isNull();
    assertThat(Utf8.encode("\ud83d\ude00".toCharArray(), 0, 2))
        .isEqualTo("😀".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void invalidInputIsRecognised() {
    assertThat(Utf8.isValid(b(0xED, 0xA0, 0x80))).isFalse();
    assertThat(Utf8.isValid(b(0xC0, 0xAF))).isFalse();
    assertThat(Utf8.isValid(b(0xF4, 0x90, 0x80, 0x80))).isFalse();
    assertThat(Utf8.isValid(b(0xE2, 0x82))).isFalse();
    assertThat(Utf8.isValid(b(0x80))).isFalse();
    assertThat(Utf8.isValid(b(0xF8, 0x88, 0x80, 0x80, 0x80))).isFalse();
    assertThat(Utf8.isValid(b())).isTrue();
    Random random = new Random(11);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[random.nextInt(8)];
      random.nextBytes(bytes);
      boolean jdkValid =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(bytes), CharBuffer.allocate(16), true)
              .isUnderflow();
      assertThat(Utf8.isValid(bytes)).as("%s", Arrays.toString(bytes)).isEqualTo(jdkValid);
    }
  }
}

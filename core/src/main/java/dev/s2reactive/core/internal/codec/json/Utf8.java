package dev.s2reactive.core.internal.codec.json;

/** UTF-8 checks without decoding. Stateless. */
final class Utf8 {

  private Utf8() {}

  /** True when {@code b} is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF). */
  static boolean isValid(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n && b[i] >= 0) {
      i++;
    }
    while (i < n) {
      int c = b[i++] & 0xFF;
      if (c < 0x80) {
        continue;
      }
      if (c < 0xC2) {
        return false;
      }
      if (c < 0xE0) {
        if (i >= n || (b[i++] & 0xC0) != 0x80) {
          return false;
        }
      } else if (c < 0xF0) {
        if (i + 1 >= n) {
          return false;
        }
        int c1 = b[i] & 0xFF;
        if ((c1 & 0xC0) != 0x80
            || (c == 0xE0 && c1 < 0xA0)
            || (c == 0xED && c1 >= 0xA0)
            || (b[i + 1] & 0xC0) != 0x80) {
          return false;
        }
        i += 2;
      } else if (c < 0xF5) {
        if (i + 2 >= n) {
          return false;
        }
        int c1 = b[i] & 0xFF;
        if ((c1 & 0xC0) != 0x80
            || (c == 0xF0 && c1 < 0x90)
            || (c == 0xF4 && c1 >= 0x90)
            || (b[i + 1] & 0xC0) != 0x80
            || (b[i + 2] & 0xC0) != 0x80) {
          return false;
        }
        i += 3;
      } else {
        return false;
      }
    }
    return true;
  }
}

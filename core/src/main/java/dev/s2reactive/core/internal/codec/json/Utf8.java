package dev.s2reactive.core.internal.codec.json;

import java.util.Arrays;

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

  /**
   * The UTF-8 encoding of {@code chars[off, off + len)}, or null when it holds a lone surrogate.
   */
  static byte[] encode(char[] chars, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && chars[i] < 0x80) {
      i++;
    }
    if (i == end) {
      byte[] ascii = new byte[len];
      for (int k = 0; k < len; k++) {
        ascii[k] = (byte) chars[off + k];
      }
      return ascii;
    }
    byte[] out = new byte[len * 3];
    int o = 0;
    for (int k = off; k < i; k++) {
      out[o++] = (byte) chars[k];
    }
    for (; i < end; i++) {
      char c = chars[i];
      if (c < 0x80) {
        out[o++] = (byte) c;
      } else if (c < 0x800) {
        out[o++] = (byte) (0xC0 | c >> 6);
        out[o++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 >= end
            || !Character.isLowSurrogate(chars[i + 1])) {
          return null;
        }
        int cp = Character.toCodePoint(c, chars[++i]);
        out[o++] = (byte) (0xF0 | cp >> 18);
        out[o++] = (byte) (0x80 | (cp >> 12 & 0x3F));
        out[o++] = (byte) (0x80 | (cp >> 6 & 0x3F));
        out[o++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        out[o++] = (byte) (0xE0 | c >> 12);
        out[o++] = (byte) (0x80 | (c >> 6 & 0x3F));
        out[o++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return Arrays.copyOf(out, o);
  }

  /**
   * Decodes {@code b} replacing each maximal invalid subpart with U+FFFD, exactly as Rust's
   * {@code String::from_utf8_lossy} (the JDK decoder differs, e.g. on encoded surrogates).
   */
  static String decodeLossy(byte[] b) {
    StringBuilder out = new StringBuilder(b.length);
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        out.append((char) c);
        i++;
        continue;
      }
      int need;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) {
          lo = 0xA0;
        } else if (c == 0xED) {
          hi = 0x9F;
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) {
          lo = 0x90;
        } else if (c == 0xF4) {
          hi = 0x8F;
        }
      } else {
        out.append('\uFFFD');
        i++;
        continue;
      }
      int codePoint = c & (0x3F >> need);
      int j = i + 1;
      boolean complete = true;
      for (int k = 0; k < need; k++, j++) {
        int d = j < n ? b[j] & 0xFF : -1;
        if (d < (k == 0 ? lo : 0x80) || d > (k == 0 ? hi : 0xBF)) {
          complete = false;
          break;
        }
        codePoint = (codePoint << 6) | (d & 0x3F);
      }
      if (complete) {
        out.appendCodePoint(codePoint);
      } else {
        out.append('\uFFFD');
      }
      i = j;
    }
    return out.toString();
  }
}

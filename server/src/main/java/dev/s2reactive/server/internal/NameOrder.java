package dev.s2reactive.server.internal;

import java.util.Comparator;

/**
 * Orders names as their UTF-8 bytes compare (protocol §11), which is code point order. {@link
 * String#compareTo} compares UTF-16 units and puts supplementary characters before U+E000..U+FFFF.
 * Used for basin, stream and access-token names alike. Stateless.
 */
public final class NameOrder implements Comparator<String> {

  public static final NameOrder INSTANCE = new NameOrder();

  private NameOrder() {}

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}

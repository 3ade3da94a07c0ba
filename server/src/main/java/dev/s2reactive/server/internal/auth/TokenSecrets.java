package dev.s2reactive.server.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Token secrets: 32 random bytes from {@link SecureRandom}, URL-safe base64 without padding (43
 * characters). Only their SHA-256 is ever stored; a plain hash suffices because the secret has full
 * entropy, so there is nothing to brute-force from a dictionary. Thread-safe.
 */
final class TokenSecrets {

  static final int SECRET_BYTES = 32;
  static final int HASH_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  static String generate() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

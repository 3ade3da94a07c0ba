package dev.s2reactive.server.internal.auth;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import java.util.Objects;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Maps a request's {@code Authorization: Bearer <token>} header to a {@link Principal} (protocol
 * §2). With auth off ({@code --no-auth}) every request is {@link Principal#UNRESTRICTED} and the
 * header is ignored, as the reference server does. With auth on, a missing or malformed header and
 * an unknown, revoked or expired token all fail with 401 {@code authn}.
 *
 * <p>Never touches storage, so it is safe on an event loop. Immutable and thread-safe.
 */
public final class Authenticator {

  private static final String BEARER = "Bearer";
  private static final Authenticator DISABLED = new Authenticator(null);

  private final AccessTokens tokens;

  private Authenticator(AccessTokens tokens) {
    this.tokens = tokens;
  }

  /** Auth off: everything is allowed. */
  public static Authenticator disabled() {
    return DISABLED;
  }

  /** Auth on: bearer tokens are checked against {@code tokens}. */
  public static Authenticator enabled(AccessTokens tokens) {
    return new Authenticator(Objects.requireNonNull(tokens, "tokens"));
  }

  public boolean isEnabled() {
    return tokens != null;
  }

  /** The principal of a request. */
  public Principal authenticate(HttpServerRequest request) {
    if (tokens == null) {
      return Principal.UNRESTRICTED;
    }
    List<String> values = request.requestHeaders().getAll(HttpHeaderNames.AUTHORIZATION);
    if (values.size() > 1) {
      // Which one would a proxy in front of us have checked? Refuse to guess.
      throw S2Exception.of(ErrorCode.AUTHN, "Multiple `Authorization` headers");
    }
    return authenticate(values.isEmpty() ? null : values.get(0));
  }

  /** The principal for an {@code Authorization} header value, which may be null (absent). */
  public Principal authenticate(String authorization) {
    if (tokens == null) {
      return Principal.UNRESTRICTED;
    }
    return tokens.authenticate(bearerToken(authorization));
  }

  /** The token of a {@code Bearer} header; the scheme is case-insensitive (RFC 7235). */
  static String bearerToken(String authorization) {
    if (authorization != null) {
      String value = authorization.strip();
      if (value.length() > BEARER.length()
          && value.regionMatches(true, 0, BEARER, 0, BEARER.length())
          && (value.charAt(BEARER.length()) == ' ' || value.charAt(BEARER.length()) == '\t')) {
        String token = value.substring(BEARER.length()).strip();
        if (!token.isEmpty() && token.chars().noneMatch(Character::isWhitespace)) {
          return token;
        }
      }
    }
    throw S2Exception.of(
        ErrorCode.AUTHN, "Missing or malformed `Authorization: Bearer <token>` header");
  }
}

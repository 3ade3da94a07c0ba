package dev.s2reactive.server.internal.auth;

import dev.s2reactive.core.model.Operation;
import java.util.Optional;

/**
 * {@link Principal#UNRESTRICTED}: every check passes and stream names are used as given. Open so a
 * test can override one check and keep the rest unrestricted. Immutable and thread-safe.
 */
public class UnrestrictedPrincipal implements Principal {

  static final UnrestrictedPrincipal INSTANCE = new UnrestrictedPrincipal();

  protected UnrestrictedPrincipal() {}

  @Override
  public void checkAccount(Operation operation) {}

  @Override
  public void checkBasin(Operation operation, String basin) {}

  @Override
  public String checkStream(Operation operation, String basin, String stream) {
    return stream;
  }

  @Override
  public void checkAccessToken(Operation operation, String tokenId) {}

  @Override
  public boolean canSeeBasin(String basin) {
    return true;
  }

  @Override
  public Optional<String> visibleStreamName(String storedName) {
    return Optional.of(storedName);
  }

  @Override
  public String storedStreamPrefix(String requestedPrefix) {
    return requestedPrefix;
  }

  @Override
  public String toString() {
    return this == INSTANCE ? "Principal.UNRESTRICTED" : super.toString();
  }
}

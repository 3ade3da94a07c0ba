package dev.s2reactive.server.internal.auth;

import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Operation;
import java.util.Optional;

/**
 * Who is making a request, and what its access token lets it do (protocol §12). Every route calls
 * one {@code check…} method before doing anything; a check that fails throws an {@code S2Exception}
 * with 403 {@code permission_denied}.
 *
 * <p>Stream names pass through the principal because a token with {@code auto_prefix_streams} sees
 * a namespace: {@link #checkStream} turns the name in the request into the stored name, and {@link
 * #visibleStreamName} turns a stored name back into the name the caller sees.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Principal {

  /** Allows everything and renames nothing: auth turned off ({@code --no-auth}). */
  Principal UNRESTRICTED = UnrestrictedPrincipal.INSTANCE;

  /** Checks an account-level operation that names no basin (list basins, list tokens). */
  void checkAccount(Operation operation);

  /** Checks an operation on one basin. */
  void checkBasin(Operation operation, String basin);

  /**
   * Checks an operation on one stream and returns the stream's stored name (the requested name with
   * the token's stream prefix added when the token has {@code auto_prefix_streams}).
   */
  String checkStream(Operation operation, String basin, String stream);

  /** Checks an operation on one access token id. */
  void checkAccessToken(Operation operation, String tokenId);

  /** Whether a basin appears in this principal's basin listing. */
  boolean canSeeBasin(String basin);

  /**
   * The name a stored stream has for this principal, or empty when the stream is outside the
   * principal's scope (it is then left out of listings).
   */
  Optional<String> visibleStreamName(String storedName);

  /**
   * The stored-name prefix to list streams with, given the prefix the caller asked for. Also maps a
   * list's {@code start_after}, which is relative to the same namespace.
   */
  String storedStreamPrefix(String requestedPrefix);

  /**
   * Checks an append batch: {@code append}, plus {@code fence} / {@code trim} when the batch holds
   * those command records (protocol §6.2). Returns the stream's stored name like {@link
   * #checkStream}. A session checks every batch it receives.
   */
  default String checkAppend(String basin, String stream, AppendInput input) {
    String stored = checkStream(Operation.APPEND, basin, stream);
    checkCommands(basin, stream, input);
    return stored;
  }

  /**
   * Checks {@code fence} / {@code trim} for the command records of a batch whose {@code append}
   * is already authorized (protocol §12.5).
   */
  default void checkCommands(String basin, String stream, AppendInput input) {
    boolean fence = false;
    boolean trim = false;
    for (AppendRecord record : input.records()) {
      if (record.isCommand()) {
        fence |= record.headers().get(0).value().equals(AppendRecord.FENCE_COMMAND);
        trim |= record.headers().get(0).value().equals(AppendRecord.TRIM_COMMAND);
      }
    }
    if (fence) {
      checkStream(Operation.FENCE, basin, stream);
    }
    if (trim) {
      checkStream(Operation.TRIM, basin, stream);
    }
  }
}

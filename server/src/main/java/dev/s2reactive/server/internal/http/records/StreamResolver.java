package dev.s2reactive.server.internal.http.records;

import dev.s2reactive.server.internal.catalog.AutoCreate;
import dev.s2reactive.server.internal.engine.ActiveStream;
import reactor.core.publisher.Mono;

/**
 * Finds the open {@link ActiveStream} behind a basin and a stored stream name. The catalog
 * implements it: it fails with 404 {@code basin_not_found} / {@code stream_not_found}, 409 {@code
 * basin_deletion_pending} / {@code stream_deletion_pending}, or creates the stream when the basin
 * allows it for {@code mode}. Implementations are thread-safe and never block the caller.
 */
@FunctionalInterface
public interface StreamResolver {

  /**
   * The stream, opened in the engine.
   *
   * @param basin a valid basin name
   * @param storedStream the stream's stored name (as returned by {@code Principal.checkStream})
   * @param mode which auto-create setting applies
   */
  Mono<ActiveStream> resolve(String basin, String storedStream, AutoCreate mode);
}

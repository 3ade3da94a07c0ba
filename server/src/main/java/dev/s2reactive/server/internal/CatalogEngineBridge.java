package dev.s2reactive.server.internal;

import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.Timestamping;
import dev.s2reactive.core.model.TimestampingMode;
import dev.s2reactive.server.internal.catalog.AutoCreate;
import dev.s2reactive.server.internal.catalog.Catalog;
import dev.s2reactive.server.internal.catalog.ResolvedStream;
import dev.s2reactive.server.internal.catalog.StreamLifecycle;
import dev.s2reactive.server.internal.engine.ActiveStream;
import dev.s2reactive.server.internal.engine.StreamEngine;
import dev.s2reactive.server.internal.engine.StreamSettings;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * Connects the catalog (names, configs) to the engine (numeric stream ids, sequencers): the
 * catalog's lifecycle events open, reconfigure and delete engine streams, and the records routes
 * resolve a stream name to its active sequencer here. Thread-safe; never blocks.
 */
public final class CatalogEngineBridge implements StreamLifecycle {

  private final StreamEngine engine;
  private volatile Catalog catalog;

  public CatalogEngineBridge(StreamEngine engine) {
    this.engine = engine;
  }

  /** Completes the cycle catalog → lifecycle → bridge → catalog; call once, right after loading. */
  public void attach(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The active stream for a name, auto-creating it when the basin allows {@code autoCreate}. */
  public Mono<ActiveStream> resolve(
      String basin, String stream, AutoCreate autoCreate, StreamConfig configIfCreated) {
    return catalog
        .resolveStream(basin, stream, autoCreate, configIfCreated)
        .map(resolved -> engine.open(resolved.id(), settings(resolved.config()))
            .named(resolved.basin(), resolved.name()));
  }

  /** The catalog entry and its active stream. */
  public Mono<ResolvedStream> resolveEntry(String basin, String stream, AutoCreate autoCreate) {
    return catalog.resolveStream(basin, stream, autoCreate);
  }

  @Override
  public void created(long streamId, StreamConfig config) {
    engine.open(streamId, settings(config));
  }

  @Override
  public void reconfigured(long streamId, StreamConfig config) {
    engine.reconfigure(streamId, settings(config));
  }

  @Override
  public CompletableFuture<Void> deleted(long streamId) {
    return engine.delete(streamId).thenRun(() -> engine.forget(streamId));
  }

  /** Maps a fully resolved stream config onto what the engine needs. */
  static StreamSettings settings(StreamConfig config) {
    Timestamping timestamping = config.timestamping().orElse(Timestamping.DEFAULT);
    TimestampingMode mode = timestamping.mode().orElse(TimestampingMode.CLIENT_PREFER);
    RetentionPolicy retention = config.retentionPolicy().orElse(RetentionPolicy.DEFAULT);
    return new StreamSettings(
        switch (mode) {
          case CLIENT_PREFER -> StreamSettings.Timestamping.CLIENT_PREFER;
          case CLIENT_REQUIRE -> StreamSettings.Timestamping.CLIENT_REQUIRE;
          case ARRIVAL -> StreamSettings.Timestamping.ARRIVAL;
        },
        timestamping.uncapped().orElse(false),
        retention.isInfinite()
            ? StreamSettings.INFINITE_RETENTION
            : retention.ageSecs().orElse(StreamSettings.DEFAULTS.retentionAgeSeconds()),
        config.deleteOnEmpty().map(d -> d.minAgeSecs()).orElse(0L));
  }
}

package dev.s2reactive.server.internal.catalog;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.BasinReconfiguration;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.ListBasinsResponse;
import dev.s2reactive.core.model.ListStreamsResponse;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.core.model.StreamReconfiguration;
import dev.s2reactive.server.internal.NameOrder;
import dev.s2reactive.server.internal.catalog.CatalogEntries.BasinEntry;
import dev.s2reactive.server.internal.catalog.CatalogEntries.StreamEntry;
import dev.s2reactive.server.internal.storage.MetaBatch;
import dev.s2reactive.server.internal.storage.MetaStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The basins and streams of the embedded server (protocol §3, §4.1, §4.2, §4.6, §11).
 *
 * <p>Everything lives in memory, loaded once from the {@link MetaStore} by {@link #load} and
 * written through to it, so look-ups (including {@link #resolveStream}, on the append/read path)
 * never touch disk and never block. Mutations run one at a time, each after the previous one's
 * metadata write is durable; the in-memory state changes only once its write is durable, so a
 * reader never sees a change that could be lost. Nothing blocks: mutations finish on the thread
 * that completes the metadata write.
 *
 * <p>Deletion is asynchronous: a deleted basin or stream keeps its entry, with {@code deleted_at}
 * set, until its clean-up (run on the clean-up executor) has removed its records through {@link
 * StreamLifecycle#deleted} and then its metadata.
 *
 * <p>Names given to the catalog are stored names, already validated and authorized by the caller.
 * Thread-safe.
 */
public final class Catalog {

  /** The most items one list page holds; a limit of 0 or more than this means this. */
  public static final int MAX_LIST_LIMIT = 1000;

  private static final int LOAD_PAGE = 1000;

  private final MetaStore store;
  private final StreamLifecycle lifecycle;
  private final Executor cleanupExecutor;
  private final Clock clock;
  private final ConcurrentSkipListMap<String, BasinEntry> basins =
      new ConcurrentSkipListMap<>(NameOrder.INSTANCE);
  private final Map<String, ConcurrentSkipListMap<String, StreamEntry>> streams =
      new ConcurrentHashMap<>();

  // Guarded by "this".
  private CompletableFuture<?> lastMutation = CompletableFuture.completedFuture(null);
  // Only touched inside mutations, which run one after another (each happens-after the last).
  private long nextStreamId = 1;

  private Catalog(
      MetaStore store, StreamLifecycle lifecycle, Executor cleanupExecutor, Clock clock) {
    this.store = store;
    this.lifecycle = lifecycle;
    this.cleanupExecutor = cleanupExecutor;
    this.clock = clock;
  }

  /**
   * Loads the catalog with the system clock; clean-ups run on the common fork-join pool. Blocks
   * while reading the store.
   */
  public static Catalog load(MetaStore store, StreamLifecycle lifecycle) {
    return load(store, lifecycle, ForkJoinPool.commonPool(), Clock.systemUTC());
  }

  /**
   * Loads the catalog from {@code store} and resumes unfinished deletions. Blocks while reading
   * the store: call it at start-up, not on an event loop.
   *
   * @param lifecycle told about stream creation, reconfiguration and deletion
   * @param cleanupExecutor runs deletion clean-ups (must not run them on the caller's thread if the
   *     caller expects to observe the deleting state)
   * @param clock the source of {@code created_at} and {@code deleted_at}
   */
  public static Catalog load(
      MetaStore store, StreamLifecycle lifecycle, Executor cleanupExecutor, Clock clock) {
    Catalog catalog = new Catalog(store, lifecycle, cleanupExecutor, clock);
    catalog.loadEntries();
    return catalog;
  }

  private void loadEntries() {
    scanAll(
        CatalogCodec.BASIN_PREFIX,
        (key, value) -> {
          String name = key.utf8().substring(CatalogCodec.BASIN_PREFIX.length());
          basins.put(name, CatalogCodec.decodeBasin(name, value));
        });
    scanAll(
        CatalogCodec.STREAM_PREFIX,
        (key, value) -> {
          StreamEntry entry = CatalogCodec.decodeStream(key, value);
          streamsOf(entry.basin()).put(entry.name(), entry);
        });
    nextStreamId =
        store.get(CatalogCodec.NEXT_STREAM_ID_KEY).map(CatalogCodec::decodeLong).orElse(1L);
    for (BasinEntry basin : basins.values()) {
      if (basin.deleting()) {
        scheduleBasinCleanup(basin.name());
      }
    }
    for (Map<String, StreamEntry> byName : streams.values()) {
      for (StreamEntry stream : byName.values()) {
        BasinEntry basin = basins.get(stream.basin());
        if (stream.deleting() && basin != null && !basin.deleting()) {
          scheduleStreamCleanup(stream);
        }
      }
    }
  }

  private void scanAll(String prefix, BiConsumer<Bytes, Bytes> consumer) {
    Bytes prefixKey = Bytes.utf8(prefix);
    Bytes after = Bytes.EMPTY;
    while (true) {
      List<MetaStore.MetaEntry> page = store.scan(prefixKey, after, LOAD_PAGE);
      for (MetaStore.MetaEntry entry : page) {
        consumer.accept(entry.key(), entry.value());
      }
      if (page.size() < LOAD_PAGE) {
        return;
      }
      after = page.get(page.size() - 1).key();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Basins

  /**
   * Creates a basin ({@code POST /basins}). With a request token, repeating the same request
   * returns the basin with {@link ProvisionResult#NOOP} (protocol §4.6).
   */
  public Mono<Provisioned<BasinInfo>> createBasin(
      CreateBasinRequest request, Optional<String> requestToken) {
    String name = request.basin();
    return mutate(
        () -> {
          BasinConfig config = Configs.normalize(request.config().orElse(BasinConfig.DEFAULT));
          Configs.validate(config);
          byte[] requestKey = CatalogCodec.basinRequestKey(requestToken, config);
          BasinEntry existing = basins.get(name);
          if (existing != null) {
            if (existing.deleting()) {
              throw basinDeletionPending(name);
            }
            if (existing.sameRequest(requestKey)) {
              return done(new Provisioned<>(existing.info(), ProvisionResult.NOOP));
            }
            throw S2Exception.of(
                ErrorCode.RESOURCE_ALREADY_EXISTS, "basin `" + name + "` already exists");
          }
          BasinEntry created =
              new BasinEntry(name, config, now(), Optional.empty(), requestKey);
          return putBasin(created)
              .thenApply(v -> new Provisioned<>(created.info(), ProvisionResult.CREATED));
        });
  }

  /** Creates a basin or replaces its whole config ({@code PUT /basins/{basin}}). */
  public Mono<Provisioned<BasinInfo>> ensureBasin(String name, EnsureBasinRequest request) {
    return mutate(
        () -> {
          BasinConfig config = Configs.normalize(request.config().orElse(BasinConfig.DEFAULT));
          Configs.validate(config);
          BasinEntry existing = basins.get(name);
          if (existing == null) {
            BasinEntry created = new BasinEntry(name, config, now(), Optional.empty(), null);
            return putBasin(created)
                .thenApply(v -> new Provisioned<>(created.info(), ProvisionResult.CREATED));
          }
          if (existing.deleting()) {
            throw basinDeletionPending(name);
          }
          if (existing.config().equals(config)) {
            return done(new Provisioned<>(existing.info(), ProvisionResult.NOOP));
          }
          BasinEntry updated = existing.withConfig(config);
          return putBasin(updated)
              .thenApply(v -> new Provisioned<>(updated.info(), ProvisionResult.UPDATED));
        });
  }

  /**
   * The config of a basin ({@code GET /basins/{basin}}); also of a basin being deleted, as the
   * reference server does.
   */
  public BasinConfig basinConfig(String name) {
    return requireBasin(name).config();
  }

  /** Whether the basin exists (also while being deleted). */
  public boolean basinExists(String name) {
    return basins.containsKey(name);
  }

  /** Applies a PATCH to a basin's config and returns the new config. */
  public Mono<BasinConfig> reconfigureBasin(String name, BasinReconfiguration patch) {
    return mutate(
        () -> {
          BasinEntry existing = requireLiveBasin(name);
          BasinConfig config = Configs.reconfigure(existing.config(), patch);
          Configs.validate(config);
          if (config.equals(existing.config())) {
            return done(config);
          }
          return putBasin(existing.withConfig(config)).thenApply(v -> config);
        });
  }

  /**
   * Starts deleting a basin and its streams ({@code DELETE /basins/{basin}}); idempotent while the
   * deletion is pending. Completes once the deletion is recorded, before the clean-up.
   */
  public Mono<Void> deleteBasin(String name) {
    return mutate(
        () -> {
          BasinEntry existing = requireBasin(name);
          if (existing.deleting()) {
            return done(null);
          }
          // Its streams are deleted with it, as the reference server does: they are listed with
          // deleted_at set and answer stream_deletion_pending until the clean-up removes them.
          Instant at = now();
          BasinEntry deleting = existing.deletedAt(at);
          MetaBatch batch =
              new MetaBatch().put(CatalogCodec.basinKey(name), CatalogCodec.encodeBasin(deleting));
          List<StreamEntry> streamsDeleting = new ArrayList<>();
          for (StreamEntry stream : streamsOf(name).values()) {
            if (!stream.deleting()) {
              StreamEntry marked = stream.deletedAt(at);
              streamsDeleting.add(marked);
              batch.put(
                  CatalogCodec.streamKey(name, marked.name()), CatalogCodec.encodeStream(marked));
            }
          }
          return write(batch)
              .thenApply(
                  v -> {
                    basins.put(name, deleting);
                    for (StreamEntry marked : streamsDeleting) {
                      streamsOf(name).put(marked.name(), marked);
                    }
                    scheduleBasinCleanup(name);
                    return null;
                  });
        });
  }

  /**
   * One page of basins ({@code GET /basins}): names starting with {@code prefix}, strictly after
   * {@code startAfter}, that {@code visible} accepts; basins being deleted included.
   */
  public ListBasinsResponse listBasins(
      String prefix, String startAfter, int limit, Predicate<String> visible) {
    List<BasinInfo> page = new ArrayList<>();
    boolean hasMore =
        collectPage(basins, prefix, startAfter, clampLimit(limit), entry -> {
          if (!visible.test(entry.name())) {
            return Optional.empty();
          }
          return Optional.of(entry.info());
        }, page);
    return new ListBasinsResponse(page, hasMore);
  }

  // ---------------------------------------------------------------------------------------------
  // Streams

  /**
   * Creates a stream ({@code POST /streams}); its config is resolved against the basin's defaults
   * now. With a request token, repeating the same request returns the stream with {@link
   * ProvisionResult#NOOP}.
   */
  public Mono<Provisioned<StreamInfo>> createStream(
      String basin, CreateStreamRequest request, Optional<String> requestToken) {
    String name = request.stream();
    return mutate(
        () -> {
          StreamConfig requested = request.config().orElse(StreamConfig.EMPTY);
          Configs.validate(requested);
          byte[] requestKey = CatalogCodec.streamRequestKey(requestToken, requested);
          BasinEntry basinEntry = requireLiveBasin(basin);
          StreamEntry existing = stream(basin, name);
          if (existing != null) {
            if (existing.deleting()) {
              throw streamDeletionPending();
            }
            if (existing.sameRequest(requestKey)) {
              return done(new Provisioned<>(existing.info(name), ProvisionResult.NOOP));
            }
            throw S2Exception.of(
                ErrorCode.RESOURCE_ALREADY_EXISTS,
                "stream `" + name + "` in basin `" + basin + "` already exists");
          }
          return insertStream(basinEntry, name, requested, requestKey)
              .thenApply(e -> new Provisioned<>(e.info(name), ProvisionResult.CREATED));
        });
  }

  /**
   * Creates a stream or replaces its whole config ({@code PUT /streams/{stream}}, bare config
   * body; empty means defaults).
   */
  public Mono<Provisioned<StreamInfo>> ensureStream(
      String basin, String name, Optional<StreamConfig> config) {
    return mutate(
        () -> {
          StreamConfig requested = config.orElse(StreamConfig.EMPTY);
          Configs.validate(requested);
          BasinEntry basinEntry = requireLiveBasin(basin);
          StreamEntry existing = stream(basin, name);
          if (existing == null) {
            return insertStream(basinEntry, name, requested, null)
                .thenApply(e -> new Provisioned<>(e.info(name), ProvisionResult.CREATED));
          }
          if (existing.deleting()) {
            throw streamDeletionPending();
          }
          StreamConfig resolved =
              Configs.resolve(requested, basinEntry.config().defaultStreamConfig());
          if (resolved.equals(existing.config())) {
            return done(new Provisioned<>(existing.info(name), ProvisionResult.NOOP));
          }
          StreamEntry updated = existing.withConfig(resolved);
          return putStream(updated)
              .thenApply(
                  v -> {
                    lifecycle.reconfigured(updated.id(), resolved);
                    return new Provisioned<>(updated.info(name), ProvisionResult.UPDATED);
                  });
        });
  }

  /** Whether the stream exists (also while being deleted). */
  public boolean streamExists(String basin, String name) {
    return stream(basin, name) != null;
  }

  /**
   * The fully resolved config of a stream ({@code GET /streams/{stream}}). The streams of a basin
   * being deleted are being deleted too (stream_deletion_pending).
   */
  public StreamConfig streamConfig(String basin, String name) {
    return requireLiveStream(basin, name).config();
  }

  /** Applies a PATCH to a stream's config and returns the new, fully resolved config. */
  public Mono<StreamConfig> reconfigureStream(
      String basin, String name, StreamReconfiguration patch) {
    return mutate(
        () -> {
          BasinEntry basinEntry = requireLiveBasin(basin);
          StreamEntry existing = requireLiveStream(basin, name);
          StreamConfig config =
              Configs.reconfigure(
                  existing.config(), patch, basinEntry.config().defaultStreamConfig());
          Configs.validate(config);
          if (config.equals(existing.config())) {
            return done(config);
          }
          StreamEntry updated = existing.withConfig(config);
          return putStream(updated)
              .thenApply(
                  v -> {
                    lifecycle.reconfigured(updated.id(), config);
                    return config;
                  });
        });
  }

  /**
   * Starts deleting a stream ({@code DELETE /streams/{stream}}); idempotent while the deletion is
   * pending. Completes once the deletion is recorded, before the clean-up.
   */
  public Mono<Void> deleteStream(String basin, String name) {
    return mutate(
        () -> {
          StreamEntry existing = stream(basin, name);
          if (existing == null) {
            throw streamNotFound(basin, name);
          }
          if (existing.deleting()) {
            return done(null);
          }
          return markStreamDeleted(existing).thenApply(v -> null);
        });
  }

  /**
   * Starts deleting a stream exactly as {@link #deleteStream} does, but only if the name still
   * denotes the live stream with this id (not one deleted and created again meanwhile). Completes
   * with whether this call started the deletion. For background deletions (delete-on-empty).
   */
  public Mono<Boolean> deleteStreamIfCurrent(String basin, String name, long id) {
    return mutate(
        () -> {
          StreamEntry existing = stream(basin, name);
          BasinEntry basinEntry = basins.get(basin);
          if (existing == null
              || existing.id() != id
              || existing.deleting()
              || basinEntry == null
              || basinEntry.deleting()) {
            return done(false);
          }
          return markStreamDeleted(existing).thenApply(v -> true);
        });
  }

  /** Must run inside a mutation. */
  private CompletableFuture<Void> markStreamDeleted(StreamEntry existing) {
    StreamEntry deleting = existing.deletedAt(now());
    return putStream(deleting).thenRun(() -> scheduleStreamCleanup(deleting));
  }

  /**
   * A snapshot of every stream that is not being deleted, in a basin that is not being deleted,
   * for background maintenance. Weakly consistent with concurrent changes; never blocks.
   */
  public List<ResolvedStream> liveStreams() {
    List<ResolvedStream> live = new ArrayList<>();
    for (BasinEntry basin : basins.values()) {
      Map<String, StreamEntry> byName = streams.get(basin.name());
      if (basin.deleting() || byName == null) {
        continue;
      }
      for (StreamEntry stream : byName.values()) {
        if (!stream.deleting()) {
          live.add(stream.resolved());
        }
      }
    }
    return live;
  }

  /**
   * One page of a basin's streams ({@code GET /streams}); a missing basin has none, as in the
   * reference server. Names are stored names; {@code visibleName} maps each to the name the caller
   * sees, or empty to leave it out (it does not count towards the limit).
   */
  public ListStreamsResponse listStreams(
      String basin,
      String prefix,
      String startAfter,
      int limit,
      Function<String, Optional<String>> visibleName) {
    NavigableMap<String, StreamEntry> byName = streams.get(basin);
    List<StreamInfo> page = new ArrayList<>();
    if (byName == null) {
      return new ListStreamsResponse(page, false);
    }
    boolean hasMore =
        collectPage(
            byName,
            prefix,
            startAfter,
            clampLimit(limit),
            entry -> visibleName.apply(entry.name()).map(entry::info),
            page);
    return new ListStreamsResponse(page, hasMore);
  }

  /**
   * The stream a records request addresses. A missing stream is created with the basin's
   * defaults when {@code autoCreate} names a flag the basin has set. Fails with 404
   * basin_not_found / stream_not_found, or 409 basin_deletion_pending / stream_deletion_pending.
   * An existing stream is answered from memory without waiting.
   */
  public Mono<ResolvedStream> resolveStream(String basin, String name, AutoCreate autoCreate) {
    return resolveStream(basin, name, autoCreate, StreamConfig.EMPTY);
  }

  /**
   * Like {@link #resolveStream(String, String, AutoCreate)}; a stream this call auto-creates gets
   * {@code configIfCreated} (merged with the basin defaults), an existing one is left as it is.
   */
  public Mono<ResolvedStream> resolveStream(
      String basin, String name, AutoCreate autoCreate, StreamConfig configIfCreated) {
    StreamEntry existing = stream(basin, name);
    if (existing != null) {
      return existing.deleting()
          ? Mono.error(streamDeletionPending())
          : Mono.just(existing.resolved());
    }
    BasinEntry basinEntry = basins.get(basin);
    if (basinEntry == null) {
      return Mono.error(basinNotFound(basin));
    }
    if (basinEntry.deleting()) {
      return Mono.error(basinDeletionPending(basin));
    }
    if (!autoCreates(basinEntry.config(), autoCreate)) {
      return Mono.error(streamNotFound(basin, name));
    }
    return mutate(
        () -> {
          BasinEntry current = requireLiveBasin(basin);
          StreamEntry raced = stream(basin, name);
          if (raced != null) {
            if (raced.deleting()) {
              throw streamDeletionPending();
            }
            return done(raced.resolved());
          }
          if (!autoCreates(current.config(), autoCreate)) {
            throw streamNotFound(basin, name);
          }
          return insertStream(current, name, configIfCreated, null)
              .thenApply(StreamEntry::resolved);
        });
  }

  private static boolean autoCreates(BasinConfig config, AutoCreate autoCreate) {
    return switch (autoCreate) {
      case NEVER -> false;
      case ON_APPEND -> config.createStreamOnAppend();
      case ON_READ -> config.createStreamOnRead();
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Mutations and clean-up

  /** Must run inside a mutation. */
  private CompletableFuture<StreamEntry> insertStream(
      BasinEntry basin, String name, StreamConfig requested, byte[] requestKey) {
    StreamConfig resolved = Configs.resolve(requested, basin.config().defaultStreamConfig());
    long id = nextStreamId;
    StreamEntry created =
        new StreamEntry(
            basin.name(),
            name,
            id,
            resolved,
            basin.config().streamCipher(),
            now(),
            Optional.empty(),
            requestKey);
    MetaBatch batch =
        new MetaBatch()
            .put(CatalogCodec.streamKey(basin.name(), name), CatalogCodec.encodeStream(created))
            .put(CatalogCodec.NEXT_STREAM_ID_KEY, CatalogCodec.encodeLong(id + 1));
    return write(batch)
        .thenApply(
            v -> {
              nextStreamId = id + 1;
              streamsOf(basin.name()).put(name, created);
              lifecycle.created(id, resolved);
              return created;
            });
  }

  private CompletableFuture<Void> putBasin(BasinEntry entry) {
    return write(
            new MetaBatch()
                .put(CatalogCodec.basinKey(entry.name()), CatalogCodec.encodeBasin(entry)))
        .thenRun(() -> basins.put(entry.name(), entry));
  }

  private CompletableFuture<Void> putStream(StreamEntry entry) {
    return write(
            new MetaBatch()
                .put(
                    CatalogCodec.streamKey(entry.basin(), entry.name()),
                    CatalogCodec.encodeStream(entry)))
        .thenRun(() -> streamsOf(entry.basin()).put(entry.name(), entry));
  }

  private void scheduleStreamCleanup(StreamEntry stream) {
    cleanupExecutor.execute(
        () ->
            lifecycle
                .deleted(stream.id())
                .thenCompose(
                    v ->
                        enqueue(
                            () -> {
                              // Gone already when its basin's clean-up removed it.
                              StreamEntry current = stream(stream.basin(), stream.name());
                              if (current == null || current.id() != stream.id()) {
                                return done(null);
                              }
                              return write(
                                      new MetaBatch()
                                          .delete(
                                              CatalogCodec.streamKey(
                                                  stream.basin(), stream.name())))
                                  .thenRun(
                                      () -> streams.get(stream.basin()).remove(stream.name()));
                            })));
  }

  private void scheduleBasinCleanup(String basin) {
    cleanupExecutor.execute(
        () -> {
          // A stream deleted on its own just before may also be in its own clean-up: the
          // lifecycle is told twice, which it tolerates.
          List<CompletableFuture<Void>> removals = new ArrayList<>();
          Map<String, StreamEntry> byName = streamsOf(basin);
          for (StreamEntry stream : byName.values()) {
            removals.add(lifecycle.deleted(stream.id()));
          }
          CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
              .thenCompose(
                  v ->
                      enqueue(
                          () -> {
                            MetaBatch batch = new MetaBatch();
                            for (String stream : byName.keySet()) {
                              batch.delete(CatalogCodec.streamKey(basin, stream));
                            }
                            batch.delete(CatalogCodec.basinKey(basin));
                            return write(batch)
                                .thenRun(
                                    () -> {
                                      streams.remove(basin);
                                      basins.remove(basin);
                                    });
                          }));
        });
  }

  private <T> Mono<T> mutate(Supplier<CompletableFuture<T>> operation) {
    // The caller gets a copy, so cancelling its subscription never releases the next mutation
    // before this one's write is durable.
    return Mono.defer(() -> Mono.fromFuture(enqueue(operation).copy()))
        .onErrorMap(CompletionException.class, e -> e.getCause() != null ? e.getCause() : e);
  }

  private synchronized <T> CompletableFuture<T> enqueue(Supplier<CompletableFuture<T>> operation) {
    CompletableFuture<T> result =
        lastMutation
            .handle((v, e) -> null)
            .thenCompose(
                ignored -> {
                  try {
                    return operation.get();
                  } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                  }
                });
    lastMutation = result;
    return result;
  }

  private CompletableFuture<Void> write(MetaBatch batch) {
    CompletableFuture<Void> written;
    try {
      written = store.write(batch);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    return written.exceptionallyCompose(
        e ->
            CompletableFuture.failedFuture(
                S2Exception.of(ErrorCode.STORAGE, "metadata write failed: " + rootMessage(e))));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return String.valueOf(t.getMessage());
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  // ---------------------------------------------------------------------------------------------
  // Look-ups and errors

  private ConcurrentSkipListMap<String, StreamEntry> streamsOf(String basin) {
    return streams.computeIfAbsent(basin, b -> new ConcurrentSkipListMap<>(NameOrder.INSTANCE));
  }

  private StreamEntry stream(String basin, String name) {
    Map<String, StreamEntry> byName = streams.get(basin);
    return byName == null ? null : byName.get(name);
  }

  private BasinEntry requireBasin(String name) {
    BasinEntry entry = basins.get(name);
    if (entry == null) {
      throw basinNotFound(name);
    }
    return entry;
  }

  private BasinEntry requireLiveBasin(String name) {
    BasinEntry entry = requireBasin(name);
    if (entry.deleting()) {
      throw basinDeletionPending(name);
    }
    return entry;
  }

  private StreamEntry requireLiveStream(String basin, String name) {
    StreamEntry entry = stream(basin, name);
    if (entry == null) {
      throw streamNotFound(basin, name);
    }
    if (entry.deleting()) {
      throw streamDeletionPending();
    }
    return entry;
  }

  private Instant now() {
    return clock.instant();
  }

  private static int clampLimit(int limit) {
    return limit <= 0 || limit > MAX_LIST_LIMIT ? MAX_LIST_LIMIT : limit;
  }

  /** Fills {@code page} and returns whether more matching, visible items exist. */
  private static <E, T> boolean collectPage(
      NavigableMap<String, E> entries,
      String prefix,
      String startAfter,
      int limit,
      Function<E, Optional<T>> view,
      List<T> page) {
    NavigableMap<String, E> from =
        NameOrder.INSTANCE.compare(startAfter, prefix) >= 0
            ? entries.tailMap(startAfter, false)
            : entries.tailMap(prefix, true);
    for (Map.Entry<String, E> entry : from.entrySet()) {
      if (!entry.getKey().startsWith(prefix)) {
        return false;
      }
      Optional<T> item = view.apply(entry.getValue());
      if (item.isEmpty()) {
        continue;
      }
      if (page.size() == limit) {
        return true;
      }
      page.add(item.get());
    }
    return false;
  }

  static S2Exception basinNotFound(String basin) {
    return S2Exception.of(ErrorCode.BASIN_NOT_FOUND, "basin `" + basin + "` not found");
  }

  static S2Exception basinDeletionPending(String basin) {
    return S2Exception.of(
        ErrorCode.BASIN_DELETION_PENDING, "basin `" + basin + "` is being deleted");
  }

  static S2Exception streamNotFound(String basin, String stream) {
    return S2Exception.of(
        ErrorCode.STREAM_NOT_FOUND, "stream `" + stream + "` in basin `" + basin + "` not found");
  }

  static S2Exception streamDeletionPending() {
    return S2Exception.of(ErrorCode.STREAM_DELETION_PENDING, "stream deletion pending");
  }
}

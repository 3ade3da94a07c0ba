package dev.s2reactive.server.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.BasinReconfiguration;
import dev.s2reactive.core.model.BasinState;
import dev.s2reactive.core.model.CreateBasinRequest;
import dev.s2reactive.core.model.CreateStreamRequest;
import dev.s2reactive.core.model.DeleteOnEmpty;
import dev.s2reactive.core.model.EncryptionAlgorithm;
import dev.s2reactive.core.model.EnsureBasinRequest;
import dev.s2reactive.core.model.ListBasinsResponse;
import dev.s2reactive.core.model.ListStreamsResponse;
import dev.s2reactive.core.model.Patch;
import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.StorageClass;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.core.model.StreamReconfiguration;
import dev.s2reactive.core.model.StreamReconfiguration.DeleteOnEmptyReconfiguration;
import dev.s2reactive.core.model.StreamReconfiguration.TimestampingReconfiguration;
import dev.s2reactive.core.model.Timestamping;
import dev.s2reactive.core.model.TimestampingMode;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CatalogTest {

  private static final String B = "my-basin-1";
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

  private final MapMetaStore store = new MapMetaStore();
  private final RecordingLifecycle lifecycle = new RecordingLifecycle();
  private final ManualExecutor cleanup = new ManualExecutor();
  private Catalog catalog = load();

  private Catalog load() {
    return Catalog.load(store, lifecycle, cleanup, Clock.fixed(T0, ZoneOffset.UTC));
  }

  // ------------------------------------------------------------------------------------------
  // Basins

  @Test
  void createBasinReturnsActiveInfoAndRejectsDuplicates() {
    Provisioned<BasinInfo> created = createBasin(B, Optional.empty());
    assertThat(created.result()).isEqualTo(ProvisionResult.CREATED);
    assertThat(created.resource())
        .isEqualTo(new BasinInfo(B, Optional.empty(), T0, Optional.empty(), BasinState.ACTIVE));
    assertError(() -> createBasin(B, Optional.empty()), "resource_already_exists",
        "basin `my-basin-1` already exists");
  }

  @Test
  void createBasinWithSameTokenAndConfigReplays() {
    BasinConfig config = BasinConfig.builder().createStreamOnAppend(true).build();
    CreateBasinRequest request = CreateBasinRequest.of(B, config);
    assertThat(catalog.createBasin(request, Optional.of("tok-1")).block().result())
        .isEqualTo(ProvisionResult.CREATED);
    Provisioned<BasinInfo> replay = catalog.createBasin(request, Optional.of("tok-1")).block();
    assertThat(replay.result()).isEqualTo(ProvisionResult.NOOP);
    assertThat(replay.resource().name()).isEqualTo(B);
    assertError(() -> catalog.createBasin(request, Optional.of("tok-2")).block(),
        "resource_already_exists", "basin `my-basin-1` already exists");
    assertError(() -> catalog.createBasin(request, Optional.empty()).block(),
        "resource_already_exists", null);
    assertError(
        () -> catalog.createBasin(CreateBasinRequest.of(B), Optional.of("tok-1")).block(),
        "resource_already_exists", null);
  }

  @Test
  void createBasinIdempotencySurvivesReload() {
    catalog.createBasin(CreateBasinRequest.of(B), Optional.of("tok")).block();
    catalog = load();
    assertThat(catalog.createBasin(CreateBasinRequest.of(B), Optional.of("tok")).block().result())
        .isEqualTo(ProvisionResult.NOOP);
  }

  @Test
  void ensureBasinCreatesUpdatesAndNoops() {
    BasinConfig onAppend = BasinConfig.builder().createStreamOnAppend(true).build();
    assertThat(ensure(EnsureBasinRequest.EMPTY).result()).isEqualTo(ProvisionResult.CREATED);
    assertThat(ensure(EnsureBasinRequest.EMPTY).result()).isEqualTo(ProvisionResult.NOOP);
    assertThat(ensure(EnsureBasinRequest.of(onAppend)).result())
        .isEqualTo(ProvisionResult.UPDATED);
    assertThat(catalog.basinConfig(B)).isEqualTo(onAppend);
    assertThat(ensure(EnsureBasinRequest.of(onAppend)).result()).isEqualTo(ProvisionResult.NOOP);
    // PUT replaces the whole config: an empty body restores the defaults.
    assertThat(ensure(EnsureBasinRequest.EMPTY).result()).isEqualTo(ProvisionResult.UPDATED);
    assertThat(catalog.basinConfig(B)).isEqualTo(BasinConfig.DEFAULT);
  }

  @Test
  void emptyDefaultStreamConfigLayerIsStoredAsAbsent() {
    ensure(EnsureBasinRequest.of(BasinConfig.builder().defaultStreamConfig(StreamConfig.EMPTY)
        .build()));
    assertThat(catalog.basinConfig(B).defaultStreamConfig()).isEmpty();
    assertThat(ensure(EnsureBasinRequest.EMPTY).result()).isEqualTo(ProvisionResult.NOOP);
  }

  @Test
  void missingBasinIs404() {
    assertError(() -> catalog.basinConfig(B), "basin_not_found", "basin `my-basin-1` not found");
    assertError(() -> catalog.reconfigureBasin(B, BasinReconfiguration.NONE).block(),
        "basin_not_found", "basin `my-basin-1` not found");
    assertError(() -> catalog.deleteBasin(B).block(), "basin_not_found", null);
  }

  @Test
  void zeroRetentionAgeInBasinDefaultsIs422() {
    BasinConfig bad = BasinConfig.builder()
        .defaultStreamConfig(StreamConfig.builder().retentionPolicy(RetentionPolicy.age(0)).build())
        .build();
    assertError(() -> catalog.createBasin(CreateBasinRequest.of(B, bad), Optional.empty()).block(),
        "invalid", "age must be greater than 0 seconds");
    assertError(() -> ensure(EnsureBasinRequest.of(bad)), "invalid", null);
  }

  @Test
  void reconfigureBasinAppliesAbsentNullAndValue() {
    createBasin(B, Optional.empty());
    BasinConfig after = catalog.reconfigureBasin(B, BasinReconfiguration.builder()
        .defaultStreamConfig(Patch.set(StreamReconfiguration.builder()
            .storageClass(Patch.set(StorageClass.STANDARD))
            .timestamping(Patch.set(new TimestampingReconfiguration(
                Patch.set(TimestampingMode.ARRIVAL), Patch.absent())))
            .build()))
        .streamCipher(Patch.set(EncryptionAlgorithm.AEGIS_256))
        .createStreamOnRead(true)
        .build()).block();
    StreamConfig layer = StreamConfig.builder().storageClass(StorageClass.STANDARD)
        .timestamping(new Timestamping(Optional.of(TimestampingMode.ARRIVAL), Optional.empty()))
        .build();
    assertThat(after).isEqualTo(new BasinConfig(Optional.of(layer),
        Optional.of(EncryptionAlgorithm.AEGIS_256), false, true));
    assertThat(catalog.basinConfig(B)).isEqualTo(after);

    // absent: nothing changes
    assertThat(catalog.reconfigureBasin(B, BasinReconfiguration.NONE).block()).isEqualTo(after);

    // a nested reset unsets one field of the layer; the nested patch keeps the others
    BasinConfig partial = catalog.reconfigureBasin(B, BasinReconfiguration.builder()
        .defaultStreamConfig(Patch.set(StreamReconfiguration.builder()
            .storageClass(Patch.reset()).build()))
        .build()).block();
    assertThat(partial.defaultStreamConfig()).contains(StreamConfig.builder()
        .timestamping(new Timestamping(Optional.of(TimestampingMode.ARRIVAL), Optional.empty()))
        .build());

    // null clears the whole layer and the cipher
    BasinConfig cleared = catalog.reconfigureBasin(B, BasinReconfiguration.builder()
        .defaultStreamConfig(Patch.reset()).streamCipher(Patch.reset()).build()).block();
    assertThat(cleared).isEqualTo(new BasinConfig(Optional.empty(), Optional.empty(), false, true));
    catalog = load();
    assertThat(catalog.basinConfig(B)).isEqualTo(cleared);
  }

  @Test
  void reconfigureBasinRejectsZeroAge() {
    createBasin(B, Optional.empty());
    assertError(() -> catalog.reconfigureBasin(B, BasinReconfiguration.builder()
        .defaultStreamConfig(Patch.set(StreamReconfiguration.builder()
            .retentionPolicy(Patch.set(RetentionPolicy.age(0))).build())).build()).block(),
        "invalid", "age must be greater than 0 seconds");
  }

  @Test
  void deleteBasinIsAsynchronousAndBlocksItsStreams() {
    createBasin(B, Optional.empty());
    createStream("s1").block();
    long id = lastCreatedId();
    catalog.deleteBasin(B).block();
    catalog.deleteBasin(B).block(); // idempotent while deleting

    BasinInfo listed = catalog.listBasins("", "", 0, b -> true).basins().get(0);
    assertThat(listed.deletedAt()).contains(T0);
    assertThat(listed.state()).isEqualTo(BasinState.DELETING);
    assertThat(catalog.basinConfig(B)).isEqualTo(BasinConfig.DEFAULT);

    String pending = "basin `my-basin-1` is being deleted";
    assertError(() -> createBasin(B, Optional.empty()), "basin_deletion_pending", pending);
    assertError(() -> ensure(EnsureBasinRequest.EMPTY), "basin_deletion_pending", pending);
    assertError(() -> catalog.reconfigureBasin(B, BasinReconfiguration.NONE).block(),
        "basin_deletion_pending", pending);
    assertError(() -> createStream("s2").block(), "basin_deletion_pending", pending);
    assertError(() -> catalog.ensureStream(B, "s1", Optional.empty()).block(),
        "basin_deletion_pending", pending);
    assertError(() -> catalog.reconfigureStream(B, "s1", StreamReconfiguration.NONE).block(),
        "basin_deletion_pending", pending);
    assertError(() -> catalog.resolveStream(B, "new", AutoCreate.NEVER).block(),
        "basin_deletion_pending", pending);
    // its streams are being deleted with it
    assertThat(catalog.listStreams(B, "", "", 0, Optional::of).streams().get(0).deletedAt())
        .contains(T0);
    assertError(() -> catalog.streamConfig(B, "s1"), "stream_deletion_pending",
        "stream deletion pending");
    assertError(() -> catalog.resolveStream(B, "s1", AutoCreate.NEVER).block(),
        "stream_deletion_pending", null);
    catalog.deleteStream(B, "s1").block(); // idempotent while deleting

    assertThat(lifecycle.deleted).isEmpty();
    cleanup.runAll();
    assertThat(lifecycle.deleted).containsExactly(id);
    assertError(() -> catalog.basinConfig(B), "basin_not_found", null);
    assertThat(catalog.listBasins("", "", 0, b -> true).basins()).isEmpty();
    assertThat(catalog.listStreams(B, "", "", 0, Optional::of).streams()).isEmpty();
    assertThat(store.size()).isEqualTo(1); // only the stream id counter is left

    // the name is free again, and the new basin starts empty
    assertThat(createBasin(B, Optional.empty()).result()).isEqualTo(ProvisionResult.CREATED);
    assertError(() -> catalog.streamConfig(B, "s1"), "stream_not_found", null);
  }

  @Test
  void basinDeletedWhileAStreamIsBeingDeletedRemovesEverything() {
    createBasin(B, Optional.empty());
    createStream("a").block();
    createStream("b").block();
    catalog.deleteStream(B, "a").block();
    catalog.deleteBasin(B).block();
    cleanup.runAll();
    assertThat(lifecycle.deleted).containsExactly(1L, 2L);
    assertError(() -> catalog.basinConfig(B), "basin_not_found", null);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void pendingBasinDeletionResumesAfterReload() {
    createBasin(B, Optional.empty());
    createStream("s1").block();
    catalog.deleteBasin(B).block();
    cleanup.tasks.clear(); // "crash" before the clean-up ran
    catalog = load();
    assertThat(catalog.listBasins("", "", 0, b -> true).basins().get(0).deletedAt()).isPresent();
    cleanup.runAll();
    assertThat(lifecycle.deleted).hasSize(1);
    assertError(() -> catalog.basinConfig(B), "basin_not_found", null);
  }

  @Test
  void listBasinsPaginatesInByteOrder() {
    List<String> names = IntStream.range(0, 12).mapToObj(i -> String.format("basin-%03d", i))
        .toList();
    for (String name : List.of(names.get(5), names.get(0), names.get(11))) {
      createBasin(name, Optional.empty());
    }
    for (String name : names) {
      catalog.ensureBasin(name, EnsureBasinRequest.EMPTY).block();
    }
    createBasin("other-basin", Optional.empty());

    ListBasinsResponse first = catalog.listBasins("basin-", "", 5, b -> true);
    assertThat(first.basins()).extracting(BasinInfo::name).containsExactlyElementsOf(
        names.subList(0, 5));
    assertThat(first.hasMore()).isTrue();
    ListBasinsResponse last = catalog.listBasins("basin-", "basin-009", 5, b -> true);
    assertThat(last.basins()).extracting(BasinInfo::name).containsExactly(
        "basin-010", "basin-011");
    assertThat(last.hasMore()).isFalse();
    ListBasinsResponse exact = catalog.listBasins("basin-", "basin-006", 5, b -> true);
    assertThat(exact.basins()).hasSize(5);
    assertThat(exact.hasMore()).isFalse();

    // limit 0 and > 1000 mean 1000
    assertThat(catalog.listBasins("", "", 0, b -> true).basins()).hasSize(13);
    assertThat(catalog.listBasins("", "", 5000, b -> true).basins()).hasSize(13);
    // start_after before the prefix
    assertThat(catalog.listBasins("other", "aaaa", 10, b -> true).basins())
        .extracting(BasinInfo::name).containsExactly("other-basin");
    // start_after after every match
    assertThat(catalog.listBasins("basin-", "basin-1", 10, b -> true).basins()).isEmpty();
    // invisible basins do not count towards the limit
    ListBasinsResponse visible = catalog.listBasins("", "", 2, b -> b.endsWith("1"));
    assertThat(visible.basins()).extracting(BasinInfo::name).containsExactly(
        "basin-001", "basin-011");
    assertThat(visible.hasMore()).isFalse();
  }

  // ------------------------------------------------------------------------------------------
  // Streams

  @Test
  void createStreamResolvesConfigAndRejectsDuplicates() {
    createBasin(B, Optional.empty());
    Provisioned<StreamInfo> created = createStream("logs/a").block();
    assertThat(created.result()).isEqualTo(ProvisionResult.CREATED);
    assertThat(created.resource())
        .isEqualTo(new StreamInfo("logs/a", T0, Optional.empty(), Optional.empty()));
    assertThat(catalog.streamConfig(B, "logs/a")).isEqualTo(StreamConfig.DEFAULTS);
    assertThat(lifecycle.created).containsExactly(1L);
    assertError(() -> createStream("logs/a").block(), "resource_already_exists",
        "stream `logs/a` in basin `my-basin-1` already exists");
  }

  @Test
  void createStreamWithSameTokenAndConfigReplays() {
    createBasin(B, Optional.empty());
    CreateStreamRequest request = CreateStreamRequest.of("s",
        StreamConfig.builder().storageClass(StorageClass.STANDARD).build());
    assertThat(catalog.createStream(B, request, Optional.of("t")).block().result())
        .isEqualTo(ProvisionResult.CREATED);
    assertThat(catalog.createStream(B, request, Optional.of("t")).block().result())
        .isEqualTo(ProvisionResult.NOOP);
    assertError(() -> catalog.createStream(B, CreateStreamRequest.of("s"), Optional.of("t"))
        .block(), "resource_already_exists", null);
    assertError(() -> catalog.createStream(B, request, Optional.of("u")).block(),
        "resource_already_exists", null);
  }

  @Test
  void createStreamInMissingBasinIs404() {
    assertError(() -> createStream("s").block(), "basin_not_found",
        "basin `my-basin-1` not found");
    assertError(() -> catalog.ensureStream(B, "s", Optional.empty()).block(),
        "basin_not_found", null);
    assertError(() -> catalog.reconfigureStream(B, "s", StreamReconfiguration.NONE).block(),
        "basin_not_found", null);
    assertError(() -> catalog.streamConfig(B, "s"), "stream_not_found",
        "stream `s` in basin `my-basin-1` not found");
    assertError(() -> catalog.deleteStream(B, "s").block(), "stream_not_found", null);
    assertThat(catalog.listStreams(B, "", "", 0, Optional::of))
        .isEqualTo(new ListStreamsResponse(List.of(), false));
  }

  @Test
  void streamConfigTakesStreamThenBasinThenSystemDefaults() {
    StreamConfig layer = StreamConfig.builder()
        .storageClass(StorageClass.STANDARD)
        .retentionPolicy(RetentionPolicy.infinite())
        .timestamping(new Timestamping(Optional.of(TimestampingMode.ARRIVAL), Optional.empty()))
        .build();
    catalog.createBasin(CreateBasinRequest.of(B, BasinConfig.builder().defaultStreamConfig(layer)
        .streamCipher(EncryptionAlgorithm.AES_256_GCM).build()), Optional.empty()).block();
    StreamInfo info = catalog.createStream(B, CreateStreamRequest.of("s",
        StreamConfig.builder().retentionPolicy(RetentionPolicy.age(60))
            .timestamping(new Timestamping(Optional.empty(), Optional.of(true))).build()),
        Optional.empty()).block().resource();
    assertThat(info.cipher()).contains(EncryptionAlgorithm.AES_256_GCM);
    assertThat(catalog.streamConfig(B, "s")).isEqualTo(new StreamConfig(
        Optional.of(StorageClass.STANDARD),
        Optional.of(RetentionPolicy.age(60)),
        Optional.of(Timestamping.of(TimestampingMode.ARRIVAL, true)),
        Optional.of(DeleteOnEmpty.DISABLED)));

    // later basin changes do not touch existing streams
    catalog.reconfigureBasin(B, BasinReconfiguration.builder()
        .defaultStreamConfig(Patch.reset()).build()).block();
    assertThat(catalog.streamConfig(B, "s").storageClass()).contains(StorageClass.STANDARD);
  }

  @Test
  void zeroRetentionAgeIs422() {
    createBasin(B, Optional.empty());
    StreamConfig bad = StreamConfig.builder().retentionPolicy(RetentionPolicy.age(0)).build();
    assertError(() -> catalog.createStream(B, CreateStreamRequest.of("s", bad), Optional.empty())
        .block(), "invalid", "age must be greater than 0 seconds");
    assertError(() -> catalog.ensureStream(B, "s", Optional.of(bad)).block(), "invalid", null);
    createStream("s").block();
    assertError(() -> catalog.reconfigureStream(B, "s", StreamReconfiguration.builder()
        .retentionPolicy(Patch.set(RetentionPolicy.age(0))).build()).block(), "invalid", null);
    assertThat(catalog.streamConfig(B, "s")).isEqualTo(StreamConfig.DEFAULTS);
  }

  @Test
  void ensureStreamCreatesUpdatesAndNoops() {
    createBasin(B, Optional.empty());
    assertThat(catalog.ensureStream(B, "s", Optional.empty()).block().result())
        .isEqualTo(ProvisionResult.CREATED);
    assertThat(catalog.ensureStream(B, "s", Optional.of(StreamConfig.EMPTY)).block().result())
        .isEqualTo(ProvisionResult.NOOP);
    // a config equal to the resolved defaults changes nothing
    assertThat(catalog.ensureStream(B, "s", Optional.of(StreamConfig.DEFAULTS)).block().result())
        .isEqualTo(ProvisionResult.NOOP);
    StreamConfig standard = StreamConfig.builder().storageClass(StorageClass.STANDARD).build();
    assertThat(catalog.ensureStream(B, "s", Optional.of(standard)).block().result())
        .isEqualTo(ProvisionResult.UPDATED);
    assertThat(catalog.streamConfig(B, "s").storageClass()).contains(StorageClass.STANDARD);
    assertThat(lifecycle.reconfigured).containsExactly(1L);
    // replaces the whole config
    assertThat(catalog.ensureStream(B, "s", Optional.empty()).block().result())
        .isEqualTo(ProvisionResult.UPDATED);
    assertThat(catalog.streamConfig(B, "s")).isEqualTo(StreamConfig.DEFAULTS);
  }

  @Test
  void reconfigureStreamAppliesAbsentNullAndNestedPatches() {
    StreamConfig layer = StreamConfig.builder().storageClass(StorageClass.STANDARD)
        .deleteOnEmpty(DeleteOnEmpty.of(30)).build();
    catalog.createBasin(CreateBasinRequest.of(B, BasinConfig.builder().defaultStreamConfig(layer)
        .build()), Optional.empty()).block();
    catalog.createStream(B, CreateStreamRequest.of("s", StreamConfig.builder()
        .storageClass(StorageClass.EXPRESS).deleteOnEmpty(DeleteOnEmpty.of(10)).build()),
        Optional.empty()).block();

    StreamConfig arrival = catalog.reconfigureStream(B, "s", StreamReconfiguration.builder()
        .timestamping(Patch.set(new TimestampingReconfiguration(Patch.set(TimestampingMode.ARRIVAL),
            Patch.absent())))
        .retentionPolicy(Patch.set(RetentionPolicy.infinite()))
        .build()).block();
    assertThat(arrival).isEqualTo(new StreamConfig(Optional.of(StorageClass.EXPRESS),
        Optional.of(RetentionPolicy.infinite()),
        Optional.of(Timestamping.of(TimestampingMode.ARRIVAL, false)),
        Optional.of(DeleteOnEmpty.of(10))));
    assertThat(lifecycle.reconfigured).containsExactly(1L);

    // absent changes nothing (and tells no one)
    assertThat(catalog.reconfigureStream(B, "s", StreamReconfiguration.NONE).block())
        .isEqualTo(arrival);
    assertThat(lifecycle.reconfigured).hasSize(1);

    // null resets to the basin default, then the system default
    StreamConfig reset = catalog.reconfigureStream(B, "s", StreamReconfiguration.builder()
        .storageClass(Patch.reset())
        .retentionPolicy(Patch.reset())
        .timestamping(Patch.set(new TimestampingReconfiguration(Patch.absent(), Patch.set(true))))
        .deleteOnEmpty(Patch.set(new DeleteOnEmptyReconfiguration(Patch.reset())))
        .build()).block();
    assertThat(reset).isEqualTo(new StreamConfig(Optional.of(StorageClass.STANDARD),
        Optional.of(RetentionPolicy.DEFAULT),
        Optional.of(Timestamping.of(TimestampingMode.ARRIVAL, true)),
        Optional.of(DeleteOnEmpty.of(30))));
    StreamConfig allReset = catalog.reconfigureStream(B, "s", StreamReconfiguration.builder()
        .timestamping(Patch.reset()).deleteOnEmpty(Patch.reset()).build()).block();
    assertThat(allReset.timestamping()).contains(Timestamping.DEFAULT);
    assertThat(allReset.deleteOnEmpty()).contains(DeleteOnEmpty.of(30));
    assertThat(catalog.streamConfig(B, "s")).isEqualTo(allReset);
    catalog = load();
    assertThat(catalog.streamConfig(B, "s")).isEqualTo(allReset);
  }

  @Test
  void deleteStreamIsAsynchronousAndTheIdIsNeverReused() {
    createBasin(B, Optional.empty());
    createStream("s").block();
    catalog.deleteStream(B, "s").block();
    catalog.deleteStream(B, "s").block(); // idempotent while deleting

    StreamInfo listed = catalog.listStreams(B, "", "", 0, Optional::of).streams().get(0);
    assertThat(listed.deletedAt()).contains(T0);
    assertError(() -> catalog.streamConfig(B, "s"), "stream_deletion_pending",
        "stream deletion pending");
    assertError(() -> catalog.reconfigureStream(B, "s", StreamReconfiguration.NONE).block(),
        "stream_deletion_pending", null);
    assertError(() -> createStream("s").block(), "stream_deletion_pending", null);
    assertError(() -> catalog.ensureStream(B, "s", Optional.empty()).block(),
        "stream_deletion_pending", null);
    assertError(() -> catalog.resolveStream(B, "s", AutoCreate.ON_APPEND).block(),
        "stream_deletion_pending", null);

    cleanup.runAll();
    assertThat(lifecycle.deleted).containsExactly(1L);
    assertThat(catalog.listStreams(B, "", "", 0, Optional::of).streams()).isEmpty();
    assertError(() -> catalog.streamConfig(B, "s"), "stream_not_found", null);

    createStream("s").block();
    catalog = load();
    assertThat(catalog.resolveStream(B, "s", AutoCreate.NEVER).block().id()).isEqualTo(2);
    createStream("t").block();
    assertThat(catalog.resolveStream(B, "t", AutoCreate.NEVER).block().id()).isEqualTo(3);
  }

  @Test
  void listStreamsPaginatesInUtf8ByteOrderAndMapsNames() {
    createBasin(B, Optional.empty());
    // UTF-16 order would put the emoji (a surrogate pair) before U+FFFD; UTF-8 order after it.
    List<String> names = List.of("a", "a/b", "b", "\uFFFD", "\uD83D\uDE00");
    for (String name : names) {
      createStream(name).block();
    }
    assertThat(catalog.listStreams(B, "", "", 0, Optional::of).streams())
        .extracting(StreamInfo::name).containsExactly("a", "a/b", "b", "\uFFFD", "\uD83D\uDE00");
    ListStreamsResponse page = catalog.listStreams(B, "a", "", 1, Optional::of);
    assertThat(page.streams()).extracting(StreamInfo::name).containsExactly("a");
    assertThat(page.hasMore()).isTrue();
    page = catalog.listStreams(B, "a", "a", 1, Optional::of);
    assertThat(page.streams()).extracting(StreamInfo::name).containsExactly("a/b");
    assertThat(page.hasMore()).isFalse();
    assertThat(catalog.listStreams(B, "", "b", 10, Optional::of).streams()).hasSize(2);
    // a namespace-stripping view: only "a/..." visible, shown without the prefix
    Function<String, Optional<String>> view =
        n -> n.startsWith("a/") ? Optional.of(n.substring(2)) : Optional.empty();
    assertThat(catalog.listStreams(B, "a/", "", 10, view).streams())
        .extracting(StreamInfo::name).containsExactly("b");
  }

  @Test
  void resolveStreamFindsOrAutoCreates() {
    assertError(() -> catalog.resolveStream(B, "s", AutoCreate.ON_APPEND).block(),
        "basin_not_found", "basin `my-basin-1` not found");
    catalog.createBasin(CreateBasinRequest.of(B, BasinConfig.builder().createStreamOnAppend(true)
        .streamCipher(EncryptionAlgorithm.AEGIS_256).build()), Optional.empty()).block();
    assertError(() -> catalog.resolveStream(B, "s", AutoCreate.NEVER).block(),
        "stream_not_found", "stream `s` in basin `my-basin-1` not found");
    assertError(() -> catalog.resolveStream(B, "s", AutoCreate.ON_READ).block(),
        "stream_not_found", null);
    ResolvedStream created = catalog.resolveStream(B, "s", AutoCreate.ON_APPEND).block();
    assertThat(created.config()).isEqualTo(StreamConfig.DEFAULTS);
    assertThat(created.cipher()).contains(EncryptionAlgorithm.AEGIS_256);
    assertThat(lifecycle.created).containsExactly(created.id());
    assertThat(catalog.resolveStream(B, "s", AutoCreate.NEVER).block()).isEqualTo(created);

    catalog.reconfigureBasin(B, BasinReconfiguration.builder().createStreamOnRead(true).build())
        .block();
    assertThat(catalog.resolveStream(B, "r", AutoCreate.ON_READ).block().name()).isEqualTo("r");
  }

  @Test
  void reloadsEveryPageFromInMemoryStorage() {
    try (InMemoryStorage storage = new InMemoryStorage()) {
      Catalog first = Catalog.load(storage, lifecycle, cleanup, Clock.fixed(T0, ZoneOffset.UTC));
      first.createBasin(CreateBasinRequest.of(B), Optional.empty()).block();
      for (int i = 0; i < 1005; i++) {
        first.createStream(B, CreateStreamRequest.of("s" + i), Optional.empty()).block();
      }
      Catalog reloaded =
          Catalog.load(storage, lifecycle, cleanup, Clock.fixed(T0, ZoneOffset.UTC));
      ListStreamsResponse page = reloaded.listStreams(B, "", "", 0, Optional::of);
      assertThat(page.streams()).hasSize(1000);
      assertThat(page.hasMore()).isTrue();
      String last = page.streams().get(999).name();
      ListStreamsResponse rest = reloaded.listStreams(B, "", last, 0, Optional::of);
      assertThat(rest.streams()).hasSize(5);
      assertThat(rest.hasMore()).isFalse();
      assertThat(reloaded.resolveStream(B, "s1004", AutoCreate.NEVER).block().id())
          .isEqualTo(1005);
      reloaded.createStream(B, CreateStreamRequest.of("next"), Optional.empty()).block();
      assertThat(reloaded.resolveStream(B, "next", AutoCreate.NEVER).block().id())
          .isEqualTo(1006);
    }
  }

  @Test
  void failedMetadataWriteChangesNothing() {
    store.failWrites = true;
    assertError(() -> createBasin(B, Optional.empty()), "storage", null);
    store.failWrites = false;
    assertError(() -> catalog.basinConfig(B), "basin_not_found", null);
    createBasin(B, Optional.empty());
    store.failWrites = true;
    assertError(() -> createStream("s").block(), "storage", null);
    store.failWrites = false;
    createStream("s").block();
    assertThat(catalog.resolveStream(B, "s", AutoCreate.NEVER).block().id()).isEqualTo(1);
  }

  @Test
  void concurrentCreatesOfOneNameYieldOneWinner() throws Exception {
    createBasin(B, Optional.empty());
    List<Mono<Provisioned<StreamInfo>>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      attempts.add(createStream("race").onErrorResume(e -> Mono.empty()));
    }
    List<CompletableFuture<Provisioned<StreamInfo>>> futures =
        attempts.stream().map(m -> m.subscribeOn(reactor.core.scheduler.Schedulers.parallel())
            .toFuture()).toList();
    long winners = futures.stream().map(CompletableFuture::join).filter(p -> p != null).count();
    assertThat(winners).isEqualTo(1);
    assertThat(lifecycle.created).hasSize(1);
  }

  // ------------------------------------------------------------------------------------------

  private Provisioned<BasinInfo> createBasin(String name, Optional<String> token) {
    return catalog.createBasin(CreateBasinRequest.of(name), token).block();
  }

  private Provisioned<BasinInfo> ensure(EnsureBasinRequest request) {
    return catalog.ensureBasin(B, request).block();
  }

  private Mono<Provisioned<StreamInfo>> createStream(String name) {
    return catalog.createStream(B, CreateStreamRequest.of(name), Optional.empty());
  }

  private long lastCreatedId() {
    return lifecycle.created.get(lifecycle.created.size() - 1);
  }

  private static void assertError(ThrowingCallable call, String code, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(S2Exception.class)
        .satisfies(e -> {
          assertThat(((S2Exception) e).code()).isEqualTo(code);
          if (message != null) {
            assertThat(e).hasMessage(message);
          }
        });
  }

  static final class RecordingLifecycle implements StreamLifecycle {
    final List<Long> created = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Long> reconfigured = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Long> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void created(long streamId, StreamConfig config) {
      created.add(streamId);
    }

    @Override
    public void reconfigured(long streamId, StreamConfig config) {
      reconfigured.add(streamId);
    }

    @Override
    public CompletableFuture<Void> deleted(long streamId) {
      deleted.add(streamId);
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Runs clean-ups only when the test says so. */
  static final class ManualExecutor implements Executor {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized void runAll() {
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
    }
  }
}

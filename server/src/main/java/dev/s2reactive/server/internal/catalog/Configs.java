package dev.s2reactive.server.internal.catalog;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.BasinReconfiguration;
import dev.s2reactive.core.model.DeleteOnEmpty;
import dev.s2reactive.core.model.Patch;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamReconfiguration;
import dev.s2reactive.core.model.StreamReconfiguration.DeleteOnEmptyReconfiguration;
import dev.s2reactive.core.model.StreamReconfiguration.TimestampingReconfiguration;
import dev.s2reactive.core.model.Timestamping;
import dev.s2reactive.core.model.TimestampingMode;
import java.util.Optional;

/**
 * Config resolution and patching (protocol §4.1, §4.2). A stream's stored config is fully
 * resolved: each field is the stream's own value, else the basin's default layer value, else the
 * system default, decided when the stream is created, ensured or reconfigured. A basin's default
 * stream config is a layer in which only set fields apply; an empty layer is stored as absent.
 * Stateless.
 */
final class Configs {

  private Configs() {}

  /** Rejects configs the protocol calls invalid (422): a retention age of 0. */
  static void validate(StreamConfig config) {
    config
        .retentionPolicy()
        .filter(p -> p.ageSecs().isPresent() && p.ageSecs().getAsLong() == 0)
        .ifPresent(
            p -> {
              throw S2Exception.of(ErrorCode.INVALID, "age must be greater than 0 seconds");
            });
  }

  static void validate(BasinConfig config) {
    config.defaultStreamConfig().ifPresent(Configs::validate);
  }

  /** The basin config as stored and returned: an empty default layer becomes absent. */
  static BasinConfig normalize(BasinConfig config) {
    Optional<StreamConfig> layer = normalizeLayer(config.defaultStreamConfig());
    return layer.equals(config.defaultStreamConfig())
        ? config
        : new BasinConfig(
            layer,
            config.streamCipher(),
            config.createStreamOnAppend(),
            config.createStreamOnRead());
  }

  private static Optional<StreamConfig> normalizeLayer(Optional<StreamConfig> layer) {
    if (layer.isEmpty()) {
      return layer;
    }
    StreamConfig c = layer.get();
    Optional<Timestamping> ts =
        c.timestamping().filter(t -> t.mode().isPresent() || t.uncapped().isPresent());
    StreamConfig normalized =
        new StreamConfig(c.storageClass(), c.retentionPolicy(), ts, c.deleteOnEmpty());
    return normalized.isEmpty() ? Optional.empty() : Optional.of(normalized);
  }

  /** The fully resolved config of a stream created or ensured with {@code requested}. */
  static StreamConfig resolve(StreamConfig requested, Optional<StreamConfig> basinLayer) {
    StreamConfig layer = basinLayer.orElse(StreamConfig.EMPTY);
    StreamConfig d = StreamConfig.DEFAULTS;
    return new StreamConfig(
        Optional.of(
            requested.storageClass().or(layer::storageClass).orElseGet(d.storageClass()::get)),
        Optional.of(
            requested
                .retentionPolicy()
                .or(layer::retentionPolicy)
                .orElseGet(d.retentionPolicy()::get)),
        Optional.of(resolveTimestamping(requested.timestamping(), layer.timestamping())),
        Optional.of(
            requested.deleteOnEmpty().or(layer::deleteOnEmpty).orElseGet(d.deleteOnEmpty()::get)));
  }

  private static Timestamping resolveTimestamping(
      Optional<Timestamping> stream, Optional<Timestamping> layer) {
    Timestamping s = stream.orElse(Timestamping.UNSET);
    Timestamping l = layer.orElse(Timestamping.UNSET);
    return new Timestamping(
        Optional.of(s.mode().or(l::mode).orElse(TimestampingMode.CLIENT_PREFER)),
        Optional.of(s.uncapped().or(l::uncapped).orElse(false)));
  }

  /**
   * A stream's resolved config after a PATCH: absent fields keep their value, reset fields take
   * the basin layer's value or the system default, nested patches apply field by field.
   */
  static StreamConfig reconfigure(
      StreamConfig current, StreamReconfiguration patch, Optional<StreamConfig> basinLayer) {
    StreamConfig defaults = resolve(StreamConfig.EMPTY, basinLayer);
    Timestamping currentTs = current.timestamping().orElseGet(defaults.timestamping()::get);
    Timestamping timestamping;
    if (patch.timestamping().isAbsent()) {
      timestamping = currentTs;
    } else if (patch.timestamping().isReset()) {
      timestamping = defaults.timestamping().get();
    } else {
      TimestampingReconfiguration t = patch.timestamping().value();
      Timestamping d = defaults.timestamping().get();
      timestamping =
          new Timestamping(
              Optional.of(t.mode().apply(currentTs.mode().get(), d.mode().get())),
              Optional.of(t.uncapped().apply(currentTs.uncapped().get(), d.uncapped().get())));
    }
    DeleteOnEmpty currentDoe = current.deleteOnEmpty().orElseGet(defaults.deleteOnEmpty()::get);
    DeleteOnEmpty deleteOnEmpty;
    if (patch.deleteOnEmpty().isAbsent()) {
      deleteOnEmpty = currentDoe;
    } else if (patch.deleteOnEmpty().isReset()) {
      deleteOnEmpty = defaults.deleteOnEmpty().get();
    } else {
      DeleteOnEmptyReconfiguration doe = patch.deleteOnEmpty().value();
      deleteOnEmpty =
          DeleteOnEmpty.of(
              doe.minAgeSecs()
                  .apply(currentDoe.minAgeSecs(), defaults.deleteOnEmpty().get().minAgeSecs()));
    }
    return new StreamConfig(
        Optional.of(
            patch
                .storageClass()
                .apply(
                    current.storageClass().orElseGet(defaults.storageClass()::get),
                    defaults.storageClass().get())),
        Optional.of(
            patch
                .retentionPolicy()
                .apply(
                    current.retentionPolicy().orElseGet(defaults.retentionPolicy()::get),
                    defaults.retentionPolicy().get())),
        Optional.of(timestamping),
        Optional.of(deleteOnEmpty));
  }

  /** A basin's config after a PATCH; {@code default_stream_config: null} clears the layer. */
  static BasinConfig reconfigure(BasinConfig current, BasinReconfiguration patch) {
    Optional<StreamConfig> layer;
    if (patch.defaultStreamConfig().isAbsent()) {
      layer = current.defaultStreamConfig();
    } else if (patch.defaultStreamConfig().isReset()) {
      layer = Optional.empty();
    } else {
      layer =
          Optional.of(
              reconfigureLayer(
                  current.defaultStreamConfig().orElse(StreamConfig.EMPTY),
                  patch.defaultStreamConfig().value()));
    }
    return normalize(
        new BasinConfig(
            layer,
            patch.streamCipher().isSet()
                ? Optional.of(patch.streamCipher().value())
                : patch.streamCipher().isReset() ? Optional.empty() : current.streamCipher(),
            patch.createStreamOnAppend().orElse(current.createStreamOnAppend()),
            patch.createStreamOnRead().orElse(current.createStreamOnRead())));
  }

  /** A default layer after a nested patch: reset unsets a field of the layer. */
  private static StreamConfig reconfigureLayer(StreamConfig layer, StreamReconfiguration patch) {
    Optional<Timestamping> timestamping;
    if (patch.timestamping().isSet()) {
      Timestamping cur = layer.timestamping().orElse(Timestamping.UNSET);
      TimestampingReconfiguration t = patch.timestamping().value();
      timestamping =
          Optional.of(
              new Timestamping(patchOptional(t.mode(), cur.mode()),
                  patchOptional(t.uncapped(), cur.uncapped())));
    } else {
      timestamping = patch.timestamping().isReset() ? Optional.empty() : layer.timestamping();
    }
    Optional<DeleteOnEmpty> deleteOnEmpty;
    if (patch.deleteOnEmpty().isSet()) {
      Optional<Long> minAge =
          patchOptional(
              patch.deleteOnEmpty().value().minAgeSecs(),
              layer.deleteOnEmpty().map(DeleteOnEmpty::minAgeSecs));
      deleteOnEmpty = Optional.of(DeleteOnEmpty.of(minAge.orElse(0L)));
    } else {
      deleteOnEmpty = patch.deleteOnEmpty().isReset() ? Optional.empty() : layer.deleteOnEmpty();
    }
    return new StreamConfig(
        patchOptional(patch.storageClass(), layer.storageClass()),
        patchOptional(patch.retentionPolicy(), layer.retentionPolicy()),
        timestamping,
        deleteOnEmpty);
  }

  private static <T> Optional<T> patchOptional(Patch<T> patch, Optional<T> current) {
    if (patch.isAbsent()) {
      return current;
    }
    return patch.asOptional();
  }
}

package dev.s2reactive.server.internal.catalog;

import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.BasinConfig;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.DeleteOnEmpty;
import dev.s2reactive.core.model.EncryptionAlgorithm;
import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.StorageClass;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.Timestamping;
import dev.s2reactive.core.model.TimestampingMode;
import dev.s2reactive.server.internal.catalog.CatalogEntries.BasinEntry;
import dev.s2reactive.server.internal.catalog.CatalogEntries.StreamEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Keys and a compact binary encoding of the catalog's entries in the {@code MetaStore}. Enum
 * values are stored by their wire names, so reordering an enum never corrupts stored data.
 * Stateless.
 *
 * <p>Key layout (all under {@code cat/}, ordered as unsigned bytes, which is name order):
 * {@code cat/b/<basin>} → basin, {@code cat/s/<basin>/<stream>} → stream (basin names never
 * contain {@code /}), {@code cat/next-stream-id} → the next stream id.
 */
final class CatalogCodec {

  private static final int VERSION = 1;
  static final String BASIN_PREFIX = "cat/b/";
  static final String STREAM_PREFIX = "cat/s/";
  static final Bytes NEXT_STREAM_ID_KEY = Bytes.utf8("cat/next-stream-id");

  private CatalogCodec() {}

  static Bytes basinKey(String basin) {
    return Bytes.utf8(BASIN_PREFIX + basin);
  }

  static Bytes streamKey(String basin, String stream) {
    return Bytes.utf8(STREAM_PREFIX + basin + "/" + stream);
  }

  static Bytes encodeBasin(BasinEntry basin) {
    return write(
        out -> {
          out.writeByte(VERSION);
          writeBasinConfig(out, basin.config());
          writeInstant(out, basin.createdAt());
          writeOptionalInstant(out, basin.deletedAt());
          writeBytes(out, basin.requestKey());
        });
  }

  static BasinEntry decodeBasin(String name, Bytes value) {
    return read(
        value,
        in -> {
          checkVersion(in);
          return new BasinEntry(
              name, readBasinConfig(in), readInstant(in), readOptionalInstant(in), readBytes(in));
        });
  }

  static Bytes encodeStream(StreamEntry stream) {
    return write(
        out -> {
          out.writeByte(VERSION);
          out.writeLong(stream.id());
          writeStreamConfig(out, Optional.of(stream.config()));
          writeOptionalString(out, stream.cipher().map(EncryptionAlgorithm::wireName));
          writeInstant(out, stream.createdAt());
          writeOptionalInstant(out, stream.deletedAt());
          writeBytes(out, stream.requestKey());
        });
  }

  /** Decodes a stream entry stored under {@code key} (the basin and name come from the key). */
  static StreamEntry decodeStream(Bytes key, Bytes value) {
    String rest = key.utf8().substring(STREAM_PREFIX.length());
    int slash = rest.indexOf('/');
    String basin = rest.substring(0, slash);
    String name = rest.substring(slash + 1);
    return read(
        value,
        in -> {
          checkVersion(in);
          long id = in.readLong();
          StreamConfig config = readStreamConfig(in).orElse(StreamConfig.DEFAULTS);
          Optional<EncryptionAlgorithm> cipher =
              readOptionalString(in).flatMap(EncryptionAlgorithm::fromWireName);
          return new StreamEntry(
              basin,
              name,
              id,
              config,
              cipher,
              readInstant(in),
              readOptionalInstant(in),
              readBytes(in));
        });
  }

  static Bytes encodeLong(long value) {
    return write(out -> out.writeLong(value));
  }

  static long decodeLong(Bytes value) {
    return read(value, DataInputStream::readLong);
  }

  /**
   * The idempotency key of a create: the request token plus a canonical encoding of the requested
   * config (protocol §4.6). Null without a token.
   */
  static byte[] basinRequestKey(Optional<String> token, BasinConfig requested) {
    return token
        .map(t -> array(write(out -> {
          out.writeUTF(t);
          writeBasinConfig(out, requested);
        })))
        .orElse(null);
  }

  static byte[] streamRequestKey(Optional<String> token, StreamConfig requested) {
    return token
        .map(t -> array(write(out -> {
          out.writeUTF(t);
          writeStreamConfig(out, Optional.of(requested));
        })))
        .orElse(null);
  }

  private static byte[] array(Bytes bytes) {
    return BytesInternals.array(bytes);
  }

  private static void writeBasinConfig(DataOutputStream out, BasinConfig config)
      throws IOException {
    writeStreamConfig(out, config.defaultStreamConfig());
    writeOptionalString(out, config.streamCipher().map(EncryptionAlgorithm::wireName));
    out.writeBoolean(config.createStreamOnAppend());
    out.writeBoolean(config.createStreamOnRead());
  }

  private static BasinConfig readBasinConfig(DataInputStream in) throws IOException {
    return new BasinConfig(
        readStreamConfig(in),
        readOptionalString(in).flatMap(EncryptionAlgorithm::fromWireName),
        in.readBoolean(),
        in.readBoolean());
  }

  private static void writeStreamConfig(DataOutputStream out, Optional<StreamConfig> config)
      throws IOException {
    out.writeBoolean(config.isPresent());
    if (config.isEmpty()) {
      return;
    }
    StreamConfig c = config.get();
    writeOptionalString(out, c.storageClass().map(StorageClass::wireName));
    out.writeBoolean(c.retentionPolicy().isPresent());
    if (c.retentionPolicy().isPresent()) {
      RetentionPolicy policy = c.retentionPolicy().get();
      out.writeBoolean(policy.isInfinite());
      out.writeLong(policy.isInfinite() ? 0 : policy.ageSecs().getAsLong());
    }
    out.writeBoolean(c.timestamping().isPresent());
    if (c.timestamping().isPresent()) {
      Timestamping t = c.timestamping().get();
      writeOptionalString(out, t.mode().map(TimestampingMode::wireName));
      out.writeByte(t.uncapped().map(u -> u ? 1 : 0).orElse(2));
    }
    out.writeBoolean(c.deleteOnEmpty().isPresent());
    if (c.deleteOnEmpty().isPresent()) {
      out.writeLong(c.deleteOnEmpty().get().minAgeSecs());
    }
  }

  private static Optional<StreamConfig> readStreamConfig(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return Optional.empty();
    }
    Optional<StorageClass> storageClass =
        readOptionalString(in).flatMap(StorageClass::fromWireName);
    Optional<RetentionPolicy> retention = Optional.empty();
    if (in.readBoolean()) {
      boolean infinite = in.readBoolean();
      long age = in.readLong();
      retention = Optional.of(infinite ? RetentionPolicy.infinite() : RetentionPolicy.age(age));
    }
    Optional<Timestamping> timestamping = Optional.empty();
    if (in.readBoolean()) {
      Optional<TimestampingMode> mode =
          readOptionalString(in).flatMap(TimestampingMode::fromWireName);
      int uncapped = in.readByte();
      timestamping =
          Optional.of(
              new Timestamping(
                  mode, uncapped == 2 ? Optional.empty() : Optional.of(uncapped == 1)));
    }
    Optional<DeleteOnEmpty> deleteOnEmpty =
        in.readBoolean() ? Optional.of(DeleteOnEmpty.of(in.readLong())) : Optional.empty();
    return Optional.of(new StreamConfig(storageClass, retention, timestamping, deleteOnEmpty));
  }

  private static void writeOptionalString(DataOutputStream out, Optional<String> value)
      throws IOException {
    out.writeBoolean(value.isPresent());
    if (value.isPresent()) {
      out.writeUTF(value.get());
    }
  }

  private static Optional<String> readOptionalString(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
  }

  private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static void writeOptionalInstant(DataOutputStream out, Optional<Instant> instant)
      throws IOException {
    out.writeBoolean(instant.isPresent());
    if (instant.isPresent()) {
      writeInstant(out, instant.get());
    }
  }

  private static Optional<Instant> readOptionalInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(readInstant(in)) : Optional.empty();
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      out.write(bytes);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  private static void checkVersion(DataInputStream in) throws IOException {
    int version = in.readByte();
    if (version != VERSION) {
      throw new IOException("unknown catalog entry version " + version);
    }
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static Bytes write(Writer writer) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return BytesInternals.wrap(buffer.toByteArray());
  }

  private static <T> T read(Bytes value, Reader<T> reader) {
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(BytesInternals.array(value)))) {
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt catalog entry", e);
    }
  }
}

package dev.s2reactive.server.internal.auth;

import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.AccessTokenInfo;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An access token as kept in the metadata store: its id, the SHA-256 of its secret (never the
 * secret), expiry, and scope. The value encoding is a small versioned binary format private to this
 * class. Immutable and thread-safe.
 */
record StoredToken(
    String id,
    byte[] secretHash,
    Optional<Instant> expiresAt,
    boolean autoPrefixStreams,
    AccessTokenScope scope) {

  private static final int FORMAT_VERSION = 1;

  StoredToken {
    secretHash = secretHash.clone();
  }

  @Override
  public byte[] secretHash() {
    return secretHash.clone();
  }

  /** The hash without a defensive copy, for comparisons inside this package. */
  byte[] hashForComparison() {
    return secretHash;
  }

  ScopedPrincipal principal() {
    return ScopedPrincipal.of(scope, autoPrefixStreams, expiresAt);
  }

  AccessTokenInfo info() {
    return new AccessTokenInfo(id, expiresAt, autoPrefixStreams, scope);
  }

  Bytes encode() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeByte(FORMAT_VERSION);
      writeString(out, id);
      out.write(secretHash);
      out.writeBoolean(expiresAt.isPresent());
      if (expiresAt.isPresent()) {
        out.writeLong(expiresAt.get().getEpochSecond());
        out.writeInt(expiresAt.get().getNano());
      }
      out.writeBoolean(autoPrefixStreams);
      writeSet(out, scope.basins());
      writeSet(out, scope.streams());
      writeSet(out, scope.accessTokens());
      OpGroupPermissions groups = scope.opGroups().orElse(OpGroupPermissions.NONE);
      writeReadWrite(out, groups.account());
      writeReadWrite(out, groups.basin());
      writeReadWrite(out, groups.stream());
      List<Operation> ops = scope.ops().orElse(List.of());
      out.writeShort(ops.size());
      for (Operation op : ops) {
        writeString(out, op.wireName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return BytesInternals.wrap(buffer.toByteArray());
  }

  /** Decodes a stored value; throws {@link IllegalStateException} when it is corrupt. */
  static StoredToken decode(Bytes value) {
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(BytesInternals.array(value)))) {
      int version = in.readUnsignedByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalStateException("unknown access token format " + version);
      }
      String id = readString(in);
      byte[] hash = in.readNBytes(TokenSecrets.HASH_BYTES);
      if (hash.length != TokenSecrets.HASH_BYTES) {
        throw new IllegalStateException("truncated access token record");
      }
      Optional<Instant> expiresAt =
          in.readBoolean()
              ? Optional.of(Instant.ofEpochSecond(in.readLong(), in.readInt()))
              : Optional.empty();
      boolean autoPrefix = in.readBoolean();
      AccessTokenScope.Builder scope =
          AccessTokenScope.builder()
              .basins(readSet(in))
              .streams(readSet(in))
              .accessTokens(readSet(in));
      scope.opGroups(
          new OpGroupPermissions(readReadWrite(in), readReadWrite(in), readReadWrite(in)));
      int opCount = in.readUnsignedShort();
      List<Operation> ops = new ArrayList<>(opCount);
      for (int i = 0; i < opCount; i++) {
        String name = readString(in);
        // An operation this build does not know grants nothing; keep the rest of the token.
        Operation.fromWireName(name).ifPresent(ops::add);
      }
      scope.ops(ops);
      return new StoredToken(id, hash, expiresAt, autoPrefix, scope.build());
    } catch (IOException e) {
      throw new IllegalStateException("corrupt access token record", e);
    }
  }

  private static void writeSet(DataOutputStream out, Optional<ResourceSet> set) throws IOException {
    if (set.isEmpty()) {
      out.writeByte(0);
      return;
    }
    out.writeByte(set.get().kind() == ResourceSet.Kind.EXACT ? 1 : 2);
    writeString(out, set.get().value());
  }

  private static ResourceSet readSet(DataInputStream in) throws IOException {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case 0 -> null;
      case 1 -> ResourceSet.exact(readString(in));
      case 2 -> ResourceSet.prefix(readString(in));
      default -> throw new IllegalStateException("bad resource set tag " + tag);
    };
  }

  private static void writeReadWrite(DataOutputStream out, Optional<ReadWrite> rw)
      throws IOException {
    ReadWrite value = rw.orElse(ReadWrite.NONE);
    out.writeByte((value.read() ? 1 : 0) | (value.write() ? 2 : 0));
  }

  private static Optional<ReadWrite> readReadWrite(DataInputStream in) throws IOException {
    int bits = in.readUnsignedByte();
    return Optional.of(ReadWrite.of((bits & 1) != 0, (bits & 2) != 0));
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new IllegalStateException("truncated access token record");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

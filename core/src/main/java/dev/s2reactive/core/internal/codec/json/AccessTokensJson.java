package dev.s2reactive.core.internal.codec.json;

import static dev.s2reactive.core.internal.codec.json.ConfigJson.nullable;
import static dev.s2reactive.core.internal.codec.json.JsonOut.optionalField;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.s2reactive.core.internal.validation.Names;
import dev.s2reactive.core.model.AccessTokenInfo;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.IssueAccessTokenResponse;
import dev.s2reactive.core.model.ListAccessTokensResponse;
import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadWrite;
import dev.s2reactive.core.model.ResourceSet;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * JSON of access tokens (protocol §4.4). When {@code validate} is set (server side, decoding a
 * request) resource-set values are checked against the name rules of their kind (400 {@code
 * bad_json}).
 */
final class AccessTokensJson {

  private AccessTokensJson() {}

  /** Which name rules apply to the values of a resource set. */
  private enum Kind {
    BASINS(Names::basinNameError, Names::basinPrefixError),
    STREAMS(Names::streamNameError, Names::streamPrefixError),
    ACCESS_TOKENS(Names::accessTokenIdError, Names::accessTokenIdPrefixError);

    final Function<String, Optional<String>> exact;
    final Function<String, Optional<String>> prefix;

    Kind(Function<String, Optional<String>> exact, Function<String, Optional<String>> prefix) {
      this.exact = exact;
      this.prefix = prefix;
    }
  }

  // ---- requests and responses ----

  static void writeIssueRequest(JsonGenerator g, IssueAccessTokenRequest r) throws IOException {
    writeToken(g, r.id(), r.expiresAt(), r.autoPrefixStreams(), r.scope());
  }

  static IssueAccessTokenRequest readIssueRequest(JsonIn in) {
    Fields f = readTokenFields(in, "IssueAccessTokenRequest", true);
    if (f.autoPrefixStreams
        && f.scope.streams().map(s -> s.kind() == ResourceSet.Kind.EXACT).orElse(false)) {
      in.invalid("auto_prefix_streams requires streams to be a prefix set, not an exact name");
    }
    return new IssueAccessTokenRequest(
        f.id, Optional.ofNullable(f.expiresAt), f.autoPrefixStreams, f.scope);
  }

  static void writeTokenInfo(JsonGenerator g, AccessTokenInfo t) throws IOException {
    writeToken(g, t.id(), t.expiresAt(), t.autoPrefixStreams(), t.scope());
  }

  /** The fields an issue request and a token's info share: all of them. */
  private static void writeToken(
      JsonGenerator g,
      String id,
      Optional<Instant> expiresAt,
      boolean autoPrefixStreams,
      AccessTokenScope scope)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    optionalField(g, "expires_at", expiresAt, JsonOut::instant);
    g.writeBooleanField("auto_prefix_streams", autoPrefixStreams);
    g.writeFieldName("scope");
    writeScope(g, scope);
    g.writeEndObject();
  }

  static AccessTokenInfo readTokenInfo(JsonIn in) {
    Fields f = readTokenFields(in, "AccessTokenInfo", false);
    return new AccessTokenInfo(f.id, Optional.ofNullable(f.expiresAt), f.autoPrefixStreams, f.scope);
  }

  private static final class Fields {
    String id;
    Instant expiresAt;
    boolean autoPrefixStreams;
    AccessTokenScope scope;
  }

  private static Fields readTokenFields(JsonIn in, String what, boolean validate) {
    Fields out = new Fields();
    in.startObject(what);
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "id":
          out.id = in.string("id");
          if (validate) {
            ResourcesJson.checked(out.id, Names::accessTokenIdError);
          }
          break;
        case "expires_at":
          out.expiresAt = nullable(in, i -> i.timestamp("expires_at"));
          break;
        case "auto_prefix_streams":
          out.autoPrefixStreams =
              Boolean.TRUE.equals(nullable(in, i -> i.bool("auto_prefix_streams")));
          break;
        case "scope":
          out.scope = readScope(in, validate);
          break;
        default:
          in.skipValue();
      }
    }
    if (out.id == null) {
      throw in.missing("id");
    }
    if (out.scope == null) {
      throw in.missing("scope");
    }
    return out;
  }

  static void writeListTokens(JsonGenerator g, ListAccessTokensResponse r) throws IOException {
    ResourcesJson.writePage(
        g, "access_tokens", r.accessTokens(), r.hasMore(), AccessTokensJson::writeTokenInfo);
  }

  static ListAccessTokensResponse readListTokens(JsonIn in) {
    return ResourcesJson.readPage(
        in,
        "ListAccessTokensResponse",
        "access_tokens",
        AccessTokensJson::readTokenInfo,
        ListAccessTokensResponse::new);
  }

  static void writeIssueResponse(JsonGenerator g, IssueAccessTokenResponse r) throws IOException {
    g.writeStartObject();
    g.writeStringField("access_token", r.accessToken());
    g.writeEndObject();
  }

  static IssueAccessTokenResponse readIssueResponse(JsonIn in) {
    String token = null;
    in.startObject("IssueAccessTokenResponse");
    for (String f; (f = in.nextField()) != null; ) {
      if (f.equals("access_token")) {
        token = in.string("access_token");
      } else {
        in.skipValue();
      }
    }
    if (token == null) {
      throw in.missing("access_token");
    }
    return new IssueAccessTokenResponse(token);
  }

  // ---- scope ----

  static void writeScope(JsonGenerator g, AccessTokenScope s) throws IOException {
    g.writeStartObject();
    optionalField(g, "basins", s.basins(), AccessTokensJson::writeResourceSet);
    optionalField(g, "streams", s.streams(), AccessTokensJson::writeResourceSet);
    optionalField(g, "access_tokens", s.accessTokens(), AccessTokensJson::writeResourceSet);
    optionalField(g, "op_groups", s.opGroups(), AccessTokensJson::writeOpGroups);
    optionalField(g, "ops", s.ops(), AccessTokensJson::writeOps);
    g.writeEndObject();
  }

  private static void writeOps(JsonGenerator g, List<Operation> ops) throws IOException {
    g.writeStartArray();
    for (Operation op : ops) {
      g.writeString(op.wireName());
    }
    g.writeEndArray();
  }

  static AccessTokenScope readScope(JsonIn in, boolean validate) {
    AccessTokenScope.Builder b = AccessTokenScope.builder();
    in.startObject("scope");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "basins":
          b.basins(nullable(in, i -> readResourceSet(i, "basins", validate ? Kind.BASINS : null)));
          break;
        case "streams":
          b.streams(
              nullable(in, i -> readResourceSet(i, "streams", validate ? Kind.STREAMS : null)));
          break;
        case "access_tokens":
          b.accessTokens(
              nullable(
                  in,
                  i -> readResourceSet(i, "access_tokens", validate ? Kind.ACCESS_TOKENS : null)));
          break;
        case "op_groups":
          b.opGroups(nullable(in, AccessTokensJson::readOpGroups));
          break;
        case "ops":
          List<Operation> ops =
              nullable(in, i -> ResourcesJson.readList(i, "ops", AccessTokensJson::readOp));
          b.ops(ops);
          break;
        default:
          in.skipValue();
      }
    }
    return b.build();
  }

  private static Operation readOp(JsonIn in) {
    String s = in.string("operation");
    return Operation.fromWireName(s)
        .orElseThrow(() -> JsonIn.dataError("unknown variant `" + s + "` for an operation"));
  }

  private static void writeResourceSet(JsonGenerator g, ResourceSet set) throws IOException {
    g.writeStartObject();
    g.writeStringField(set.kind().wireName(), set.value());
    g.writeEndObject();
  }

  private static ResourceSet readResourceSet(JsonIn in, String what, Kind kind) {
    in.startObject(what);
    String variant = in.nextField();
    if (variant == null) {
      throw JsonIn.dataError(what + " must have exactly one of `exact`, `prefix`");
    }
    ResourceSet set;
    switch (variant) {
      case "exact":
        String name = in.string(what + ".exact");
        // {"exact": ""} is the explicit "matches nothing" set.
        if (kind != null && !name.isEmpty()) {
          ResourcesJson.checked(name, kind.exact);
        }
        set = ResourceSet.exact(name);
        break;
      case "prefix":
        String prefix = in.string(what + ".prefix");
        if (kind != null) {
          ResourcesJson.checked(prefix, kind.prefix);
        }
        set = ResourceSet.prefix(prefix);
        break;
      default:
        throw ConfigJson.unknownVariant(variant, "exact", "prefix");
    }
    if (in.nextField() != null) {
      throw JsonIn.dataError(what + " must have exactly one of `exact`, `prefix`");
    }
    return set;
  }

  private static void writeOpGroups(JsonGenerator g, OpGroupPermissions p) throws IOException {
    g.writeStartObject();
    optionalField(g, "account", p.account(), AccessTokensJson::writeReadWrite);
    optionalField(g, "basin", p.basin(), AccessTokensJson::writeReadWrite);
    optionalField(g, "stream", p.stream(), AccessTokensJson::writeReadWrite);
    g.writeEndObject();
  }

  private static void writeReadWrite(JsonGenerator g, ReadWrite rw) throws IOException {
    g.writeStartObject();
    g.writeBooleanField("read", rw.read());
    g.writeBooleanField("write", rw.write());
    g.writeEndObject();
  }

  private static OpGroupPermissions readOpGroups(JsonIn in) {
    ReadWrite account = null;
    ReadWrite basin = null;
    ReadWrite stream = null;
    in.startObject("op_groups");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "account":
          account = nullable(in, AccessTokensJson::readReadWrite);
          break;
        case "basin":
          basin = nullable(in, AccessTokensJson::readReadWrite);
          break;
        case "stream":
          stream = nullable(in, AccessTokensJson::readReadWrite);
          break;
        default:
          in.skipValue();
      }
    }
    return OpGroupPermissions.of(account, basin, stream);
  }

  private static ReadWrite readReadWrite(JsonIn in) {
    boolean read = false;
    boolean write = false;
    in.startObject("permissions");
    for (String f; (f = in.nextField()) != null; ) {
      switch (f) {
        case "read":
          read = Boolean.TRUE.equals(nullable(in, i -> i.bool("read")));
          break;
        case "write":
          write = Boolean.TRUE.equals(nullable(in, i -> i.bool("write")));
          break;
        default:
          in.skipValue();
      }
    }
    return ReadWrite.of(read, write);
  }
}

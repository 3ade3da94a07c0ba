package dev.s2reactive.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.server.ServerHarness;
import dev.s2reactive.server.hostile.LiveServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every endpoint × resource scope × operation scope, against a live server (protocol §12). A
 * token is issued for each combination of resource sets (basins, streams, access tokens: each
 * exact or prefix, matching the target or not, or none) and operation scope (each operation alone,
 * each op group read or write, and mixes of groups and explicit ops); every endpoint is called
 * with it, and an oracle written here from §12.2, §12.3 (the sdk-go group table) and §12.5 says
 * whether the call is allowed. Allowed calls must not get 401/403 (nor any 5xx); denied calls must
 * get 403 {@code permission_denied} with an S2 error body and change nothing.
 */
@Timeout(600)
class ScopeMatrixTest {

  /** Fraction of the single-operation scopes run with each restricted resource scope. */
  static final String SAMPLE_PROPERTY = "s2.security.sample";

  private static final String BASIN = "sec-basin-a";
  private static final String STREAM = "s-a/target";
  private static final String FIXED_TOKEN = "t-a/fixed";

  /** §12.3, the sdk-go "PermittedOperationGroups Schema" (locations: account, inferred). */
  static final Map<String, List<String>> GROUPS = Map.of(
      "account.read", List.of("list-basins", "list-access-tokens", "account-metrics",
          "list-locations", "get-default-location"),
      "account.write", List.of("create-basin", "delete-basin", "reconfigure-basin",
          "issue-access-token", "revoke-access-token", "set-default-location"),
      "basin.read", List.of("get-basin-config", "list-streams", "basin-metrics"),
      "basin.write", List.of("create-stream", "delete-stream", "reconfigure-stream"),
      "stream.read", List.of("get-stream-config", "check-tail", "read", "stream-metrics"),
      "stream.write", List.of("append", "trim", "fence"));

  static final List<String> ALL_OPS = List.of("list-basins", "create-basin", "delete-basin",
      "reconfigure-basin", "get-basin-config", "issue-access-token", "revoke-access-token",
      "list-access-tokens", "list-streams", "create-stream", "delete-stream", "get-stream-config",
      "reconfigure-stream", "check-tail", "append", "read", "trim", "fence", "account-metrics",
      "basin-metrics", "stream-metrics", "list-locations", "get-default-location",
      "set-default-location");

  /** Which resource names an endpoint is checked against (null: not checked). */
  record Target(String basin, String stream, String token) {}

  /** An endpoint: the operations it needs, its target, and the request (given a fresh n). */
  record Endpoint(String name, Set<String> ops, IntFunction<Target> target,
      IntFunction<HttpRequest.Builder> request) {}

  /** A resource set as JSON, and the names it matches. */
  record ResourceSet(String label, String json, String exact, String prefix) {
    boolean matches(String name) {
      if (exact != null) {
        return exact.equals(name);
      }
      return prefix != null && name.startsWith(prefix);
    }

    static ResourceSet exact(String label, String value) {
      return new ResourceSet(label, "{\"exact\":" + ServerHarness.jsonString(value) + "}", value,
          null);
    }

    static ResourceSet prefix(String label, String value) {
      return new ResourceSet(label, "{\"prefix\":" + ServerHarness.jsonString(value) + "}", null,
          value);
    }
  }

  static final ResourceSet NONE = new ResourceSet("none", null, null, null);

  record Resources(ResourceSet basins, ResourceSet streams, ResourceSet tokens) {
    String label() {
      return "basins=" + basins.label + " streams=" + streams.label + " tokens=" + tokens.label;
    }
  }

  record OpScope(String label, String json, Set<String> ops) {}

  private static LiveServer s;

  @BeforeAll
  static void start() {
    s = LiveServer.start();
    s.createBasin(BASIN);
    s.createStream(BASIN, STREAM);
    s.createStream(BASIN, "s-a/other");
    LiveServer.expect(s.send(s.json("POST", "/v1/streams/" + ServerHarness.enc(STREAM) + "/records",
        "{\"records\":[{\"body\":\"seed\"}]}").header("s2-basin", BASIN)), 200);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static List<Endpoint> endpoints() {
    String stream = "/v1/streams/" + ServerHarness.enc(STREAM);
    List<Endpoint> e = new ArrayList<>();
    e.add(new Endpoint("GET /basins", Set.of("list-basins"), n -> new Target(null, null, null),
        n -> s.get("/v1/basins")));
    e.add(new Endpoint("POST /basins", Set.of("create-basin"),
        n -> new Target("sec-basin-n" + n, null, null),
        n -> s.json("POST", "/v1/basins", "{\"basin\":\"sec-basin-n" + n + "\"}")));
    e.add(new Endpoint("GET /basins/{b}", Set.of("get-basin-config"),
        n -> new Target(BASIN, null, null), n -> s.get("/v1/basins/" + BASIN)));
    e.add(new Endpoint("PUT /basins/{b} (exists)", Set.of("reconfigure-basin"),
        n -> new Target(BASIN, null, null), n -> s.json("PUT", "/v1/basins/" + BASIN, "{}")));
    e.add(new Endpoint("PUT /basins/{b} (new)", Set.of("create-basin"),
        n -> new Target("sec-basin-e" + n, null, null),
        n -> s.json("PUT", "/v1/basins/sec-basin-e" + n, "{}")));
    e.add(new Endpoint("PATCH /basins/{b}", Set.of("reconfigure-basin"),
        n -> new Target(BASIN, null, null), n -> s.json("PATCH", "/v1/basins/" + BASIN, "{}")));
    e.add(new Endpoint("DELETE /basins/{b}", Set.of("delete-basin"),
        n -> new Target("sec-basin-gone", null, null),
        n -> s.request("/v1/basins/sec-basin-gone").DELETE()));
    e.add(new Endpoint("GET /streams", Set.of("list-streams"),
        n -> new Target(BASIN, null, null), n -> s.get("/v1/streams").header("s2-basin", BASIN)));
    e.add(new Endpoint("POST /streams", Set.of("create-stream"),
        n -> new Target(BASIN, "s-a/n" + n, null),
        n -> s.json("POST", "/v1/streams", "{\"stream\":\"s-a/n" + n + "\"}")
            .header("s2-basin", BASIN)));
    e.add(new Endpoint("GET /streams/{s}", Set.of("get-stream-config"),
        n -> new Target(BASIN, STREAM, null), n -> s.get(stream).header("s2-basin", BASIN)));
    e.add(new Endpoint("PUT /streams/{s} (exists)", Set.of("reconfigure-stream"),
        n -> new Target(BASIN, STREAM, null),
        n -> s.json("PUT", stream, "{}").header("s2-basin", BASIN)));
    e.add(new Endpoint("PUT /streams/{s} (new)", Set.of("create-stream"),
        n -> new Target(BASIN, "s-a/e" + n, null),
        n -> s.json("PUT", "/v1/streams/s-a%2Fe" + n, "{}").header("s2-basin", BASIN)));
    e.add(new Endpoint("PATCH /streams/{s}", Set.of("reconfigure-stream"),
        n -> new Target(BASIN, STREAM, null),
        n -> s.json("PATCH", stream, "{}").header("s2-basin", BASIN)));
    e.add(new Endpoint("DELETE /streams/{s}", Set.of("delete-stream"),
        n -> new Target(BASIN, "s-a/gone", null),
        n -> s.request("/v1/streams/s-a%2Fgone").header("s2-basin", BASIN).DELETE()));
    e.add(new Endpoint("GET …/records/tail", Set.of("check-tail"),
        n -> new Target(BASIN, STREAM, null),
        n -> s.get(stream + "/records/tail").header("s2-basin", BASIN)));
    e.add(new Endpoint("GET …/records", Set.of("read"), n -> new Target(BASIN, STREAM, null),
        n -> s.get(stream + "/records?seq_num=0&count=1").header("s2-basin", BASIN)));
    e.add(new Endpoint("POST …/records", Set.of("append"), n -> new Target(BASIN, STREAM, null),
        n -> s.json("POST", stream + "/records", "{\"records\":[{\"body\":\"m\"}]}")
            .header("s2-basin", BASIN)));
    e.add(new Endpoint("POST …/records (fence)", Set.of("append", "fence"),
        n -> new Target(BASIN, STREAM, null),
        n -> s.json("POST", stream + "/records",
            "{\"records\":[{\"headers\":[[\"\",\"fence\"]],\"body\":\"\"}]}")
            .header("s2-basin", BASIN)));
    e.add(new Endpoint("POST …/records (trim)", Set.of("append", "trim"),
        n -> new Target(BASIN, STREAM, null),
        n -> s.json("POST", stream + "/records",
            "{\"records\":[{\"headers\":[[\"\",\"dHJpbQ==\"]],\"body\":\"AAAAAAAAAAA=\"}]}")
            .header("s2-basin", BASIN).header("s2-format", "base64")));
    e.add(new Endpoint("GET /access-tokens", Set.of("list-access-tokens"),
        n -> new Target(null, null, null), n -> s.get("/v1/access-tokens")));
    e.add(new Endpoint("POST /access-tokens", Set.of("issue-access-token"),
        n -> new Target(null, null, FIXED_TOKEN),
        n -> s.json("POST", "/v1/access-tokens", "{\"id\":\"" + FIXED_TOKEN + "\",\"scope\":"
            + "{\"ops\":[\"issue-access-token\"]}}")));
    e.add(new Endpoint("DELETE /access-tokens/{id}", Set.of("revoke-access-token"),
        n -> new Target(null, null, FIXED_TOKEN),
        n -> s.request("/v1/access-tokens/" + ServerHarness.enc(FIXED_TOKEN)).DELETE()));
    return e;
  }

  static List<Resources> resourceConfigs() {
    ResourceSet allBasins = ResourceSet.prefix("all", "");
    ResourceSet allStreams = ResourceSet.prefix("all", "");
    ResourceSet allTokens = ResourceSet.prefix("all", "");
    List<ResourceSet> basins = List.of(ResourceSet.exact("exact-match", BASIN),
        ResourceSet.prefix("prefix-match", "sec-basin-"),
        ResourceSet.exact("exact-other", "sec-basin-b"),
        ResourceSet.prefix("prefix-other", "other-"), NONE);
    List<ResourceSet> streams = List.of(ResourceSet.exact("exact-match", STREAM),
        ResourceSet.prefix("prefix-match", "s-a/"), ResourceSet.exact("exact-other", "s-a/other"),
        ResourceSet.prefix("prefix-other", "t-"), NONE);
    List<ResourceSet> tokens = List.of(ResourceSet.exact("exact-match", FIXED_TOKEN),
        ResourceSet.prefix("prefix-match", "t-a/"), ResourceSet.exact("exact-other", "t-a/x"),
        ResourceSet.prefix("prefix-other", "u-"), NONE);
    List<Resources> out = new ArrayList<>();
    out.add(new Resources(allBasins, allStreams, allTokens));
    basins.forEach(b -> out.add(new Resources(b, allStreams, allTokens)));
    streams.forEach(st -> out.add(new Resources(allBasins, st, allTokens)));
    tokens.forEach(t -> out.add(new Resources(allBasins, allStreams, t)));
    return out;
  }

  static List<OpScope> opScopes() {
    List<OpScope> out = new ArrayList<>();
    for (String op : ALL_OPS) {
      out.add(new OpScope("ops=[" + op + "]", "\"ops\":[\"" + op + "\"]", Set.of(op)));
    }
    for (String group : List.of("account", "basin", "stream")) {
      for (String side : List.of("read", "write")) {
        out.add(new OpScope(group + "." + side,
            "\"op_groups\":{\"" + group + "\":{\"" + side + "\":true}}",
            Set.copyOf(GROUPS.get(group + "." + side))));
      }
    }
    for (String side : List.of("read", "write")) {
      Set<String> ops = new LinkedHashSet<>();
      for (String group : List.of("account", "basin", "stream")) {
        ops.addAll(GROUPS.get(group + "." + side));
      }
      String rw = "{\"" + side + "\":true}";
      out.add(new OpScope("all." + side, "\"op_groups\":{\"account\":" + rw + ",\"basin\":" + rw
          + ",\"stream\":" + rw + "}", ops));
    }
    out.add(new OpScope("ops=[append,fence]", "\"ops\":[\"append\",\"fence\"]",
        Set.of("append", "fence")));
    out.add(new OpScope("ops=[append,trim]", "\"ops\":[\"append\",\"trim\"]",
        Set.of("append", "trim")));
    Set<String> readPlusAppend = new LinkedHashSet<>(GROUPS.get("stream.read"));
    readPlusAppend.add("append");
    out.add(new OpScope("stream.read+ops=[append]", "\"op_groups\":{\"account\":null,"
        + "\"basin\":null,\"stream\":{\"read\":true,\"write\":false}},\"ops\":[\"append\"]",
        readPlusAppend));
    Set<String> basinRw = new LinkedHashSet<>(GROUPS.get("basin.read"));
    basinRw.addAll(GROUPS.get("basin.write"));
    basinRw.add("issue-access-token");
    out.add(new OpScope("basin.rw+ops=[issue-access-token]", "\"op_groups\":{\"basin\":"
        + "{\"read\":true,\"write\":true}},\"ops\":[\"issue-access-token\"]", basinRw));
    return out;
  }

  /** §12.2 and §12.5: the operations, then each resource the endpoint names. */
  static boolean allowed(Endpoint endpoint, Target target, Resources resources, OpScope scope) {
    if (!scope.ops().containsAll(endpoint.ops())) {
      return false;
    }
    if (target.basin() != null && !resources.basins().matches(target.basin())) {
      return false;
    }
    if (target.stream() != null && !resources.streams().matches(target.stream())) {
      return false;
    }
    return target.token() == null || resources.tokens().matches(target.token());
  }

  private static String scopeJson(Resources r, OpScope ops) {
    StringBuilder json = new StringBuilder("{");
    if (r.basins().json() != null) {
      json.append("\"basins\":").append(r.basins().json()).append(',');
    }
    if (r.streams().json() != null) {
      json.append("\"streams\":").append(r.streams().json()).append(',');
    }
    if (r.tokens().json() != null) {
      json.append("\"access_tokens\":").append(r.tokens().json()).append(',');
    }
    return json.append(ops.json()).append('}').toString();
  }

  @Test
  void everyEndpointResourceAndScopeCombinationIsEnforced() {
    List<Endpoint> endpoints = endpoints();
    List<Resources> resources = resourceConfigs();
    List<OpScope> scopes = opScopes();
    int combinations = 0;
    int allowedCount = 0;
    int n = 0;
    Map<String, Integer> allowedByEndpoint = new LinkedHashMap<>();
    List<String> deniedCreates = new ArrayList<>();
    double sample = Double.parseDouble(System.getProperty(SAMPLE_PROPERTY, "0.35"));
    java.util.Random rnd = new java.util.Random(20261127L);
    int tokens = 0;
    for (Resources r : resources) {
      for (OpScope scope : scopes) {
        // Always: every op scope with unrestricted resources, and the group scopes with every
        // resource scope; the rest is a seeded sample (all of it with -Preliability).
        boolean always = r == resources.get(0) || !scope.label().startsWith("ops=");
        if (!always && rnd.nextDouble() >= sample) {
          continue;
        }
        tokens++;
        String token = s.issue("{\"id\":\"m-" + n++ + "\",\"scope\":" + scopeJson(r, scope) + "}");
        for (Endpoint endpoint : endpoints) {
          int k = n * 100 + combinations % 100;
          Target target = endpoint.target().apply(k);
          boolean expected = allowed(endpoint, target, r, scope);
          HttpResponse<String> response = s.as(token, endpoint.request().apply(k));
          String context = endpoint.name() + " with " + r.label() + " " + scope.label() + " -> "
              + response.statusCode() + " " + response.body();
          assertThat(response.statusCode()).as(context).isLessThan(500);
          if (expected) {
            assertThat(response.statusCode()).as("expected allowed: " + context)
                .isNotIn(401, 403);
            allowedCount++;
            allowedByEndpoint.merge(endpoint.name(), 1, Integer::sum);
          } else {
            assertThat(response.statusCode()).as("expected denied: " + context).isEqualTo(403);
            assertThat(LiveServer.assertS2Error(response)).as(context)
                .isEqualTo("permission_denied");
            if (endpoint.name().startsWith("POST /basins") || endpoint.name().contains("(new)")
                || endpoint.name().equals("POST /streams")) {
              deniedCreates.add(target.stream() != null ? target.stream() : target.basin());
            }
          }
          combinations++;
        }
      }
    }
    // Denied creates created nothing.
    String basins = s.send(s.get("/v1/basins?prefix=sec-basin-")).body();
    String streams = s.send(s.get("/v1/streams?prefix=s-a/").header("s2-basin", BASIN)).body();
    for (String name : deniedCreates) {
      assertThat(name.startsWith("s-a/") ? streams : basins).doesNotContain("\"" + name + "\"");
    }
    System.out.printf("ScopeMatrixTest: %d combinations (%d endpoints × %d tokens of %d resource"
            + " scopes × %d op scopes, sample %.2f): %d allowed, %d denied; %d denied creates"
            + " verified absent; allowed per endpoint %s%n",
        combinations, endpoints.size(), tokens, resources.size(), scopes.size(), sample,
        allowedCount,
        combinations - allowedCount, deniedCreates.size(), allowedByEndpoint);
    assertThat(allowedByEndpoint).as("every endpoint is allowed somewhere")
        .hasSize(endpoints.size());
  }
}

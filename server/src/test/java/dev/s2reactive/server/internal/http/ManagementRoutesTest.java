package dev.s2reactive.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.server.internal.auth.Principal;
import dev.s2reactive.server.internal.auth.UnrestrictedPrincipal;
import dev.s2reactive.server.internal.catalog.Catalog;
import dev.s2reactive.server.internal.catalog.MapMetaStore;
import dev.s2reactive.server.internal.catalog.StreamLifecycle;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The management routes over real HTTP/1.1 with the JDK client. */
class ManagementRoutesTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123Z");
  private static final String INFO =
      "{\"name\":\"my-basin-1\",\"location\":null,\"created_at\":\"2026-01-02T03:04:05.123Z\","
          + "\"deleted_at\":null,\"state\":\"active\"}";
  private static final String DEFAULT_STREAM_CONFIG =
      "{\"storage_class\":\"express\",\"retention_policy\":{\"age\":604800},"
          + "\"timestamping\":{\"mode\":\"client-prefer\",\"uncapped\":false},"
          + "\"delete_on_empty\":{\"min_age_secs\":0}}";

  private final QueueExecutor cleanup = new QueueExecutor();
  private final HttpClient client = HttpClient.newHttpClient();
  private DisposableServer server;
  private Principal principal = new AllowAll();

  @BeforeEach
  void start() {
    Catalog catalog =
        Catalog.load(
            new MapMetaStore(), StreamLifecycle.NONE, cleanup, Clock.fixed(T0, ZoneOffset.UTC));
    Router.Builder routes = Router.builder();
    ManagementRoutes.register(routes, catalog, request -> Mono.fromCallable(() -> principal));
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(new HttpHandler(routes.build(), false))
            .bindNow();
  }

  @AfterEach
  void stop() {
    server.disposeNow();
  }

  // ------------------------------------------------------------------------------------------
  // Basins

  @Test
  void createBasinIs201WithInfoAndReplaysWithToken() throws Exception {
    HttpResponse<String> created =
        send(json("POST", "/v1/basins", "{\"basin\":\"my-basin-1\"}")
            .header("s2-request-token", "abc"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("content-type")).contains("application/json");
    assertThat(created.headers().firstValue("s2-provision-result")).contains("created");
    assertThat(created.body()).isEqualTo(INFO);

    HttpResponse<String> replay =
        send(json("POST", "/v1/basins", "{\"basin\":\"my-basin-1\"}")
            .header("s2-request-token", "abc"));
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.headers().firstValue("s2-provision-result")).contains("noop");
    assertThat(replay.body()).isEqualTo(INFO);

    assertError(send(json("POST", "/v1/basins", "{\"basin\":\"my-basin-1\"}")), 409,
        "resource_already_exists", "basin `my-basin-1` already exists");
  }

  @Test
  void createBasinValidatesBodyAndHeaders() throws Exception {
    assertError(send(request("/v1/basins").POST(BodyPublishers.ofString(
        "{\"basin\":\"my-basin-1\"}"))), 400, "bad_json",
        "Expected request with `Content-Type: application/json`");
    assertError(send(request("/v1/basins").header("content-type", "text/plain")
        .POST(BodyPublishers.ofString("{\"basin\":\"my-basin-1\"}"))), 400, "bad_json", null);
    assertThat(send(request("/v1/basins").header("content-type", "application/vnd.x+json")
        .POST(BodyPublishers.ofString("{\"basin\":\"my-basin-1\"}"))).statusCode())
        .isEqualTo(201);
    assertError(send(json("POST", "/v1/basins", "{\"basin\":\"BAD\"}")), 400, "bad_json", null);
    assertError(send(json("POST", "/v1/basins", "{\"basin\":\"other-basin\"} x")), 400,
        "bad_json", null);
    assertError(send(json("POST", "/v1/basins", "")), 400, "bad_json", null);
    assertError(send(json("POST", "/v1/basins", "{\"basin\":\"other-basin\"}")
        .header("s2-request-token", "x".repeat(37))), 400, "bad_header", null);
    assertThat(send(json("POST", "/v1/basins", "{\"basin\":\"other-basin\"}")
        .header("s2-request-token", "x".repeat(36))).statusCode()).isEqualTo(201);
    assertError(send(json("POST", "/v1/basins",
        "{\"basin\":\"third-basin\",\"config\":{\"default_stream_config\":"
            + "{\"retention_policy\":{\"age\":0}}}}")), 422, "invalid",
        "age must be greater than 0 seconds");
  }

  @Test
  void ensureGetReconfigureAndDeleteBasin() throws Exception {
    HttpResponse<String> created = send(request("/v1/basins/my-basin-1")
        .PUT(BodyPublishers.noBody()));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("s2-provision-result")).contains("created");
    assertThat(created.body()).isEqualTo(INFO);

    HttpResponse<String> noop = send(json("PUT", "/v1/basins/my-basin-1", "{}"));
    assertThat(noop.statusCode()).isEqualTo(200);
    assertThat(noop.headers().firstValue("s2-provision-result")).contains("noop");

    HttpResponse<String> updated = send(json("PUT", "/v1/basins/my-basin-1",
        "{\"config\":{\"create_stream_on_append\":true}}"));
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(updated.headers().firstValue("s2-provision-result")).contains("updated");

    HttpResponse<String> config = send(request("/v1/basins/my-basin-1").GET());
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).isEqualTo("{\"default_stream_config\":null,\"stream_cipher\":null,"
        + "\"create_stream_on_append\":true,\"create_stream_on_read\":false}");

    HttpResponse<String> patched = send(json("PATCH", "/v1/basins/my-basin-1",
        "{\"default_stream_config\":{\"storage_class\":\"standard\"},"
            + "\"create_stream_on_read\":true}"));
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.body()).isEqualTo("{\"default_stream_config\":{\"storage_class\":"
        + "\"standard\",\"retention_policy\":null,\"timestamping\":null,\"delete_on_empty\":null},"
        + "\"stream_cipher\":null,\"create_stream_on_append\":true,"
        + "\"create_stream_on_read\":true}");
    assertError(send(json("PATCH", "/v1/basins/my-basin-1",
        "{\"create_stream_on_read\":null}")), 400, "bad_json", null);
    HttpResponse<String> cleared = send(json("PATCH", "/v1/basins/my-basin-1",
        "{\"default_stream_config\":null}"));
    assertThat(cleared.body()).startsWith("{\"default_stream_config\":null,");

    HttpResponse<String> deleted = send(request("/v1/basins/my-basin-1").DELETE());
    assertThat(deleted.statusCode()).isEqualTo(202);
    assertThat(deleted.body()).isEmpty();
    assertThat(send(request("/v1/basins/my-basin-1").DELETE()).statusCode()).isEqualTo(202);

    HttpResponse<String> listed = send(request("/v1/basins").GET());
    assertThat(listed.body()).isEqualTo("{\"basins\":[{\"name\":\"my-basin-1\",\"location\":null,"
        + "\"created_at\":\"2026-01-02T03:04:05.123Z\","
        + "\"deleted_at\":\"2026-01-02T03:04:05.123Z\",\"state\":\"deleting\"}],"
        + "\"has_more\":false}");
    assertError(send(request("/v1/basins/my-basin-1").PUT(BodyPublishers.noBody())), 409,
        "basin_deletion_pending", "basin `my-basin-1` is being deleted");

    cleanup.runAll();
    assertError(send(request("/v1/basins/my-basin-1").GET()), 404, "basin_not_found",
        "basin `my-basin-1` not found");
    assertError(send(request("/v1/basins/my-basin-1").DELETE()), 404, "basin_not_found", null);
    assertThat(send(request("/v1/basins").GET()).body())
        .isEqualTo("{\"basins\":[],\"has_more\":false}");
  }

  @Test
  void oversizedBodyIsRejected() throws Exception {
    String body = "{\"basin\":\"my-basin-1\"}" + " ".repeat(ManagementRoutes.MAX_BODY_BYTES);
    assertError(send(json("POST", "/v1/basins", body)), 400, "bad_json",
        "Request body exceeds the limit of 1048576 bytes");
    assertError(send(request("/v1/basins/my-basin-1").GET()), 404, "basin_not_found", null);
  }

  @Test
  void basinPathAndQueryValidation() throws Exception {
    assertError(send(request("/v1/basins/Bad_Name").GET()), 400, "bad_path", null);
    assertError(send(request("/v1/basins/short").DELETE()), 400, "bad_path", null);
    assertError(send(request("/v1/basins?prefix=-x").GET()), 400, "bad_query", null);
    assertError(send(request("/v1/basins?limit=-1").GET()), 400, "bad_query", null);
    assertError(send(request("/v1/basins?limit=1.5").GET()), 400, "bad_query", null);
    assertError(send(request("/v1/basins?limit=abc").GET()), 400, "bad_query", null);
    assertError(send(request("/v1/basins?limit=").GET()), 400, "bad_query", null);
    assertError(send(request("/v1/basins?limit=1&limit=2").GET()), 400, "bad_query", null);
    assertError(send(request("/v1/basins?limit=99999999999999999999").GET()), 400, "bad_query",
        null);
    assertThat(raw("GET /v1/basins?prefix=%zz", "127.0.0.1"))
        .startsWith("HTTP/1.1 400").contains("\"code\":\"bad_query\"");
    assertThat(send(request("/v1/basins?limit=18446744073709551615").GET()).statusCode())
        .isEqualTo(200);
    assertThat(send(request("/v1/basins?limit=5000&prefix=&start_after=").GET()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void listBasinsPaginates() throws Exception {
    for (String name : new String[] {"basin-ccc", "basin-aaa", "basin-bbb", "zzz-basin"}) {
      send(json("POST", "/v1/basins", "{\"basin\":\"" + name + "\"}"));
    }
    HttpResponse<String> page = send(request("/v1/basins?prefix=basin-&limit=2").GET());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("\"name\":\"basin-aaa\"", "\"name\":\"basin-bbb\"")
        .doesNotContain("basin-ccc").endsWith("],\"has_more\":true}");
    HttpResponse<String> next =
        send(request("/v1/basins?prefix=basin-&start_after=basin-bbb&limit=2").GET());
    assertThat(next.body()).contains("basin-ccc").doesNotContain("basin-bbb")
        .endsWith("],\"has_more\":false}");
  }

  // ------------------------------------------------------------------------------------------
  // Streams

  @Test
  void streamLifecycleOverHttp() throws Exception {
    send(json("POST", "/v1/basins", "{\"basin\":\"my-basin-1\"}"));

    HttpResponse<String> created = send(json("POST", "/v1/streams",
        "{\"stream\":\"logs/a\"}").header("s2-basin", "my-basin-1"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("s2-provision-result")).contains("created");
    assertThat(created.body()).isEqualTo("{\"name\":\"logs/a\","
        + "\"created_at\":\"2026-01-02T03:04:05.123Z\",\"deleted_at\":null,\"cipher\":null}");
    assertError(send(json("POST", "/v1/streams", "{\"stream\":\"logs/a\"}")
        .header("s2-basin", "my-basin-1")), 409, "resource_already_exists",
        "stream `logs/a` in basin `my-basin-1` already exists");

    HttpResponse<String> tokenCreate = send(json("POST", "/v1/streams",
        "{\"stream\":\"tokened\",\"config\":{\"storage_class\":\"standard\"}}")
        .header("s2-basin", "my-basin-1").header("s2-request-token", "t-1"));
    assertThat(tokenCreate.statusCode()).isEqualTo(201);
    HttpResponse<String> tokenReplay = send(json("POST", "/v1/streams",
        "{\"stream\":\"tokened\",\"config\":{\"storage_class\":\"standard\"}}")
        .header("s2-basin", "my-basin-1").header("s2-request-token", "t-1"));
    assertThat(tokenReplay.statusCode()).isEqualTo(201);
    assertThat(tokenReplay.headers().firstValue("s2-provision-result")).contains("noop");
    assertThat(tokenReplay.body()).isEqualTo(tokenCreate.body());

    String path = "/v1/streams/" + URLEncoder.encode("logs/a", StandardCharsets.UTF_8);
    HttpResponse<String> config = send(request(path).header("s2-basin", "my-basin-1").GET());
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body()).isEqualTo(DEFAULT_STREAM_CONFIG);

    HttpResponse<String> patched = send(json("PATCH", path,
        "{\"timestamping\":{\"mode\":\"arrival\"},\"retention_policy\":{\"infinite\":{}}}")
        .header("s2-basin", "my-basin-1"));
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.body()).isEqualTo("{\"storage_class\":\"express\","
        + "\"retention_policy\":{\"infinite\":{}},"
        + "\"timestamping\":{\"mode\":\"arrival\",\"uncapped\":false},"
        + "\"delete_on_empty\":{\"min_age_secs\":0}}");
    assertError(send(json("PATCH", path, "{\"retention_policy\":{\"age\":0}}")
        .header("s2-basin", "my-basin-1")), 422, "invalid", null);

    HttpResponse<String> ensured = send(request(path).header("s2-basin", "my-basin-1")
        .PUT(BodyPublishers.noBody()));
    assertThat(ensured.statusCode()).isEqualTo(200);
    assertThat(ensured.headers().firstValue("s2-provision-result")).contains("updated");
    HttpResponse<String> noop = send(json("PUT", path, "{\"storage_class\":\"express\"}")
        .header("s2-basin", "my-basin-1"));
    assertThat(noop.statusCode()).isEqualTo(200);
    assertThat(noop.headers().firstValue("s2-provision-result")).contains("noop");
    HttpResponse<String> fresh = send(json("PUT", "/v1/streams/fresh", "{}")
        .header("s2-basin", "my-basin-1"));
    assertThat(fresh.statusCode()).isEqualTo(201);
    assertThat(fresh.headers().firstValue("s2-provision-result")).contains("created");

    HttpResponse<String> list = send(request("/v1/streams?prefix=logs").header("s2-basin",
        "my-basin-1").GET());
    assertThat(list.body()).isEqualTo("{\"streams\":[{\"name\":\"logs/a\","
        + "\"created_at\":\"2026-01-02T03:04:05.123Z\",\"deleted_at\":null,\"cipher\":null}],"
        + "\"has_more\":false}");

    HttpResponse<String> deleted = send(request(path).header("s2-basin", "my-basin-1").DELETE());
    assertThat(deleted.statusCode()).isEqualTo(202);
    assertThat(send(request(path).header("s2-basin", "my-basin-1").DELETE()).statusCode())
        .isEqualTo(202);
    assertError(send(request(path).header("s2-basin", "my-basin-1").GET()), 409,
        "stream_deletion_pending", "stream deletion pending");
    assertThat(send(request("/v1/streams?prefix=logs").header("s2-basin", "my-basin-1").GET())
        .body()).contains("\"deleted_at\":\"2026-01-02T03:04:05.123Z\"");
    cleanup.runAll();
    assertError(send(request(path).header("s2-basin", "my-basin-1").GET()), 404,
        "stream_not_found", "stream `logs/a` in basin `my-basin-1` not found");
  }

  @Test
  void streamRequestsNeedABasin() throws Exception {
    assertError(send(request("/v1/streams").GET()), 400, "bad_header",
        "Missing header `s2-basin`");
    assertError(send(request("/v1/streams/s").header("s2-basin", "NOPE").GET()), 400,
        "bad_header", null);
    assertThat(send(request("/v1/streams").header("s2-basin", "my-basin-1").GET()).body())
        .isEqualTo("{\"streams\":[],\"has_more\":false}");
    assertError(send(json("POST", "/v1/streams", "{\"stream\":\"s\"}")
        .header("s2-basin", "my-basin-1")), 404, "basin_not_found",
        "basin `my-basin-1` not found");
  }

  @Test
  void streamNameValidation() throws Exception {
    send(json("POST", "/v1/basins", "{\"basin\":\"my-basin-1\"}"));
    assertError(send(request("/v1/streams/%2E%2E").header("s2-basin", "my-basin-1").GET()), 400,
        "bad_path", null);
    assertError(send(json("POST", "/v1/streams", "{\"stream\":\"\"}")
        .header("s2-basin", "my-basin-1")), 400, "bad_json", null);
    assertError(send(request("/v1/streams?prefix=" + "x".repeat(513))
        .header("s2-basin", "my-basin-1").GET()), 400, "bad_query", null);
  }

  @Test
  void basinCanComeFromTheHostHeader() throws Exception {
    send(json("POST", "/v1/basins", "{\"basin\":\"my-basin-1\"}"));
    send(json("POST", "/v1/streams", "{\"stream\":\"s\"}").header("s2-basin", "my-basin-1"));
    assertThat(raw("GET /v1/streams", "my-basin-1.localhost:" + server.port()))
        .startsWith("HTTP/1.1 200").contains("\"name\":\"s\"");
    assertThat(raw("GET /v1/streams", "localhost:" + server.port()))
        .startsWith("HTTP/1.1 400").contains("Missing header `s2-basin`");
  }

  @Test
  void basinFromHostHeader() {
    assertThat(RequestBasin.fromHost("my-basin-1.b.s2.dev")).contains("my-basin-1");
    assertThat(RequestBasin.fromHost("my-basin-1.localhost:8080"))
        .contains("my-basin-1");
    assertThat(RequestBasin.fromHost("localhost:8080")).isEmpty();
    assertThat(RequestBasin.fromHost("127.0.0.1:8080")).isEmpty();
    assertThat(RequestBasin.fromHost("[::1]:8080")).isEmpty();
    assertThat(RequestBasin.fromHost("short.example.com")).isEmpty();
    assertThat(RequestBasin.fromHost(null)).isEmpty();
  }

  @Test
  void principalIsCheckedBeforeTheCatalog() throws Exception {
    principal = new AllowAll() {
      @Override
      public void checkBasin(Operation operation, String basin) {
        throw S2Exception.of(ErrorCode.PERMISSION_DENIED, "no " + operation.wireName());
      }
    };
    assertError(send(json("POST", "/v1/basins", "{\"basin\":\"my-basin-1\"}")), 403,
        "permission_denied", "no create-basin");
    principal = new AllowAll();
    assertError(send(request("/v1/basins/my-basin-1").GET()), 404, "basin_not_found", null);
  }

  @Test
  void autoPrefixedStreamNamesAreStrippedInResponses() throws Exception {
    send(json("POST", "/v1/basins", "{\"basin\":\"my-basin-1\"}"));
    send(json("POST", "/v1/streams", "{\"stream\":\"other\"}").header("s2-basin", "my-basin-1"));
    principal = new AllowAll() {
      @Override
      public String checkStream(Operation operation, String basin, String stream) {
        return "tenant/" + stream;
      }

      @Override
      public Optional<String> visibleStreamName(String storedName) {
        return storedName.startsWith("tenant/")
            ? Optional.of(storedName.substring(7)) : Optional.empty();
      }

      @Override
      public String storedStreamPrefix(String requestedPrefix) {
        return "tenant/" + requestedPrefix;
      }
    };
    HttpResponse<String> created = send(json("POST", "/v1/streams", "{\"stream\":\"mine\"}")
        .header("s2-basin", "my-basin-1"));
    assertThat(created.body()).startsWith("{\"name\":\"mine\",");
    HttpResponse<String> list = send(request("/v1/streams").header("s2-basin", "my-basin-1")
        .GET());
    assertThat(list.body()).contains("\"name\":\"mine\"").doesNotContain("other")
        .doesNotContain("tenant");
    principal = new AllowAll();
    assertThat(send(request("/v1/streams/tenant%2Fmine").header("s2-basin", "my-basin-1").GET())
        .statusCode()).isEqualTo(200);
  }

  // ------------------------------------------------------------------------------------------

  /** Sends a request line the JDK client refuses to build; answers the whole response. */
  private String raw(String requestLine, String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  private HttpRequest.Builder json(String method, String path, String body) {
    return request(path).header("content-type", "application/json")
        .method(method, BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(
      HttpResponse<String> response, int status, String code, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(response.body()).startsWith("{\"code\":\"" + code + "\",\"message\":");
    if (message != null) {
      assertThat(response.body())
          .isEqualTo("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }
  }

  /** Unrestricted unless a test overrides a check. */
  static class AllowAll extends UnrestrictedPrincipal {}

  static final class QueueExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

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

package dev.s2reactive.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token secrets never leave the client in clear (design "Auth", issue 10 "Security"): a
 * RocksDB-backed server runs in a child JVM with Reactor's and Netty's loggers at their most
 * verbose (JDK logging, level ALL), is driven through issue / use / revoke / bad-token / malformed
 * requests, and is closed cleanly; then neither its log output nor any file of its data directory
 * (except {@code root-token}, which exists to hold the root secret, mode 0600) contains any secret,
 * in text or as its decoded bytes, while the stored SHA-256 hashes are found (the scan sees the
 * token records). The comparison itself must be constant-time ({@code MessageDigest.isEqual}
 * over hashes), which is checked in the source.
 */
@Timeout(180)
class TokenHygieneTest {

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private String base;

  private HttpResponse<String> send(String token, String method, String path, String body,
      String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(20)).header("authorization", "Bearer " + token)
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String issue(String root, String body) throws Exception {
    HttpResponse<String> issued = send(root, "POST", "/v1/access-tokens", body);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(issued.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void secretsAreNeverLoggedNorStoredInClear() throws Exception {
    Path data = tmp.resolve("data");
    Path portFile = tmp.resolve("port");
    Path log = tmp.resolve("child.log");
    Path logging = tmp.resolve("logging.properties");
    Files.writeString(logging, "handlers=java.util.logging.ConsoleHandler\n.level=ALL\n"
        + "java.util.logging.ConsoleHandler.level=ALL\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Dreactor.logging.fallback=JDK", "-Djava.util.logging.config.file=" + logging,
        "-cp", System.getProperty("java.class.path"), TokenHygieneChild.class.getName(),
        data.toString(), portFile.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Map<String, String> secrets = new LinkedHashMap<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(portFile)) {
        assertThat(child.isAlive()).as(() -> "child died: " + read(log)).isTrue();
        assertThat(System.nanoTime()).as("child never started").isLessThan(deadline);
        Thread.sleep(20); // polling a file the child writes once; no signal to wait on
      }
      base = "http://127.0.0.1:" + Files.readString(portFile).strip();
      String root = Files.readString(data.resolve("root-token")).strip();
      secrets.put("root", root);
      exercise(root, secrets);
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    assertThat(child.exitValue()).as(() -> read(log)).isZero();

    // The log was captured, at debug level, and the server did log about these requests.
    String logText = read(log);
    assertThat(logText).contains("FINE").contains("Decoding failed");
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      assertThat(logText).as("secret " + secret.getKey() + " in the log").doesNotContain(
          secret.getValue());
    }

    // The root secret file is owner-only; everything else in the data directory holds no secret.
    if (Files.getFileAttributeView(data, java.nio.file.attribute.PosixFileAttributeView.class)
        != null) {
      assertThat(Files.getPosixFilePermissions(data.resolve("root-token")))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals("root-token")).toList();
    }
    List<byte[]> contents = new ArrayList<>();
    long scanned = 0;
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      contents.add(bytes);
      scanned += bytes.length;
    }
    int hashesFound = 0;
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      byte[] text = secret.getValue().getBytes(StandardCharsets.UTF_8);
      byte[] raw = decodeOrNull(secret.getValue());
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text);
      boolean hashed = false;
      for (int i = 0; i < contents.size(); i++) {
        assertThat(indexOf(contents.get(i), text)).as("secret %s in clear in %s",
            secret.getKey(), files.get(i)).isNegative();
        if (raw != null) {
          assertThat(indexOf(contents.get(i), raw)).as("secret %s bytes in %s", secret.getKey(),
              files.get(i)).isNegative();
        }
        hashed |= indexOf(contents.get(i), hash) >= 0;
      }
      if (hashed) {
        hashesFound++;
      }
    }
    System.out.printf("TokenHygieneTest: %d secrets checked against %d KiB of logs and %d files"
            + " (%d KiB) of the data directory; %d stored hashes found%n", secrets.size(),
        logText.length() / 1024, files.size(), scanned / 1024, hashesFound);
    // Tokens still valid at the end are stored, as hashes.
    assertThat(hashesFound).isGreaterThanOrEqualTo(2);
  }

  /** Drives the server through everything that handles a secret, good and bad. */
  private void exercise(String root, Map<String, String> secrets) throws Exception {
    assertThat(send(root, "POST", "/v1/basins", "{\"basin\":\"hygiene-basin\"}").statusCode())
        .isEqualTo(201);
    String writer = issue(root, "{\"id\":\"hygiene-writer\",\"scope\":{\"basins\":{\"prefix\":"
        + "\"\"},\"streams\":{\"prefix\":\"\"},\"access_tokens\":{\"prefix\":\"hygiene-\"},"
        + "\"op_groups\":{\"account\":{\"read\":true,\"write\":true},\"basin\":{\"read\":true,"
        + "\"write\":true},\"stream\":{\"read\":true,\"write\":true}}}}");
    secrets.put("writer", writer);
    String tenant = issue(root, "{\"id\":\"hygiene-tenant\",\"auto_prefix_streams\":true,"
        + "\"scope\":{\"basins\":{\"exact\":\"hygiene-basin\"},\"streams\":{\"prefix\":\"t/\"},"
        + "\"op_groups\":{\"basin\":{\"read\":true,\"write\":true},\"stream\":{\"read\":true,"
        + "\"write\":true}}}}");
    secrets.put("tenant", tenant);
    String child = issue(writer, "{\"id\":\"hygiene-child\",\"scope\":{\"ops\":[\"read\"]}}");
    secrets.put("child", child);
    assertThat(send(writer, "POST", "/v1/streams", "{\"stream\":\"s\"}", "s2-basin",
        "hygiene-basin").statusCode()).isEqualTo(201);
    assertThat(send(writer, "POST", "/v1/streams/s/records", "{\"records\":[{\"body\":\"x\"}]}",
        "s2-basin", "hygiene-basin").statusCode()).isEqualTo(200);
    assertThat(send(tenant, "PUT", "/v1/streams/mine", "", "s2-basin", "hygiene-basin")
        .statusCode()).isEqualTo(201);
    assertThat(send(writer, "GET", "/v1/streams/s/records?seq_num=0&wait=0", null, "s2-basin",
        "hygiene-basin", "accept", "text/event-stream").statusCode()).isEqualTo(200);
    assertThat(send(writer, "GET", "/v1/access-tokens", null).statusCode()).isEqualTo(200);
    assertThat(send(child, "GET", "/v1/basins", null).statusCode()).isEqualTo(403);
    // Revoked: its secret must not linger anywhere either.
    assertThat(send(root, "DELETE", "/v1/access-tokens/hygiene-child", null).statusCode())
        .isEqualTo(204);
    assertThat(send(child, "GET", "/v1/basins", null).statusCode()).isEqualTo(401);
    // Presented but unknown: logging it would leak whatever the client mistyped.
    String unknown = "unknown-" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(root.getBytes()));
    secrets.put("unknown", unknown);
    assertThat(send(unknown, "GET", "/v1/basins", null).statusCode()).isEqualTo(401);
    assertThat(send(writer + "x", "GET", "/v1/basins", null).statusCode()).isEqualTo(401);
    // Malformed HTTP carrying a token: the decoder's failure is logged (its headers must not be).
    for (String request : new String[] {
        "GET /v1/basins HTTP/1.1\r\nhost: x\r\nauthorization: Bearer " + writer + "\r\nx-big: "
            + "v".repeat(40_000) + "\r\n\r\n",
        "GET /v1/basins HTTP/1.1\r\nauthorization: Bearer " + writer + "\r\nbad header\r\n\r\n",
        "POST /v1/basins HTTP/1.1\r\nauthorization: Bearer " + tenant + "\r\ncontent-length: x"
            + "\r\n\r\n"}) {
      try (Socket socket = new Socket("127.0.0.1", URI.create(base).getPort())) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status = new String(socket.getInputStream().readNBytes(12),
            StandardCharsets.ISO_8859_1);
        assertThat(status).startsWith("HTTP/1.1 4");
      }
    }
  }

  private static byte[] decodeOrNull(String secret) {
    try {
      return Base64.getUrlDecoder().decode(secret);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return e.toString();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static String source(String relative) throws IOException {
    return Files.readString(Path.of("src/main/java/dev/s2reactive/server/internal/auth")
        .resolve(relative));
  }

  @Test
  void secretsAreComparedInConstantTimeOverHashes() throws IOException {
    String tokens = source("AccessTokens.java");
    // Authentication hashes the presented secret and compares hashes with MessageDigest.isEqual.
    assertThat(tokens).contains("byte[] hash = TokenSecrets.hash(secret);")
        .contains("MessageDigest.isEqual(entry.token.hashForComparison(), hash)");
    try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/s2reactive/server/internal/"
        + "auth"))) {
      for (Path file : files.toList()) {
        String text = Files.readString(file);
        // No secret or hash is ever compared with a short-circuiting equals.
        assertThat(text).as(file.toString())
            .doesNotContainPattern("(?i)(secret|hash)\\w*\\s*\\.equals\\(")
            .doesNotContainPattern("(?i)equals\\(\\s*\\w*(secret|hash)")
            .doesNotContainPattern("Arrays\\.equals\\(")
            .doesNotContainPattern("(?i)(secret|hash)\\w*\\.hashCode\\(");
      }
    }
    assertThat(source("TokenSecrets.java")).contains("SecureRandom")
        .contains("MessageDigest.getInstance(\"SHA-256\")");
  }
}

package dev.s2reactive.server.internal.http;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads whole request bodies for unary endpoints (protocol §2): aggregates at most a given number
 * of bytes, undoes {@code Content-Encoding: gzip | zstd | deflate} with the same cap on the
 * decoded size (a compressed bomb fails after producing at most the cap, never exhausting memory),
 * enforces the JSON content-type rule, and gives up on a body that does not arrive in time.
 *
 * <p>Failures are {@link S2Exception}s chosen by the route's {@link Failures}: for management
 * routes a body that is too large, corrupt or wrongly encoded gets 400 with the caller's {@code
 * malformed} code ({@code bad_json} for JSON endpoints, {@code bad_proto} for protobuf ones) and an
 * unsupported {@code Content-Encoding} gets 400 {@code bad_header}; the records routes answer 413
 * and 415 instead (see {@link Failures#RECORDS}). A body still incomplete after the timeout gets
 * 408 {@code request_timeout} (and {@link ErrorResponses} closes that connection, whose framing is
 * then unknown).
 *
 * <p>Nothing blocks: chunks are copied as they arrive on the event loop, and decoding a body of at
 * most the cap is bounded work. Immutable and thread-safe.
 */
public final class RequestBodies {

  /** The cap for management and access-token bodies; real ones are well under 1 KiB. */
  public static final int MAX_MANAGEMENT_BODY_BYTES = 1 << 20;

  /** How long a unary body may take to arrive by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final String JSON = "application/json";
  private static final int CHUNK = 8 * 1024;
  private static final Set<String> SUPPORTED_CODINGS = Set.of("gzip", "x-gzip", "zstd", "deflate");
  /**
   * The largest zstd window a body may ask for (8 MiB). The decoder allocates the window a frame
   * declares, so without this cap a tiny hostile frame could make it reserve 128 MiB.
   */
  private static final int ZSTD_WINDOW_LOG_MAX = 23;

  private final Duration timeout;

  public RequestBodies(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Bodies with the {@link #DEFAULT_TIMEOUT}. */
  public static RequestBodies defaults() {
    return new RequestBodies(DEFAULT_TIMEOUT);
  }

  // ---------------------------------------------------------------------------------------------
  // JSON

  /**
   * A required JSON body of at most {@code maxBytes} (decoded). The content type is checked before
   * anything is read; an empty body is returned as an empty array (the decoder rejects it).
   */
  public Mono<byte[]> json(HttpServerRequest request, int maxBytes) {
    return Mono.defer(
        () -> {
          requireJsonContentType(request);
          return read(request, maxBytes, ErrorCode.BAD_JSON);
        });
  }

  /**
   * An optional JSON body (such as {@code PUT /basins/{basin}}): with a {@code Content-Type} it
   * must be JSON; without one the body must be empty. Completes with an empty array for no body.
   */
  public Mono<byte[]> optionalJson(HttpServerRequest request, int maxBytes) {
    return Mono.defer(
        () -> {
          boolean typed = request.requestHeaders().contains(HttpHeaderNames.CONTENT_TYPE);
          if (typed) {
            requireJsonContentType(request);
          }
          return read(request, maxBytes, ErrorCode.BAD_JSON)
              .map(
                  body -> {
                    if (!typed && body.length > 0) {
                      throw wrongContentType();
                    }
                    return body;
                  });
        });
  }

  /**
   * Fails with 400 {@code bad_json} unless the first media type of {@code Content-Type} is {@code
   * application/json} or {@code application/*+json}.
   */
  public static void requireJsonContentType(HttpServerRequest request) {
    if (!isJson(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE))) {
      throw wrongContentType();
    }
  }

  /** {@code application/json} or {@code application/*+json}, judged by the first media type. */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = firstMediaType(contentType);
    return type.equals(JSON)
        || (type.startsWith("application/")
            && type.endsWith("+json")
            && type.length() > "application/+json".length());
  }

  /**
   * The first media type of a {@code Content-Type} or {@code Accept} value, without parameters,
   * trimmed and lower-cased (protocol §2: negotiation reads only the first one).
   */
  public static String firstMediaType(String headerValue) {
    int comma = headerValue.indexOf(',');
    String first = comma < 0 ? headerValue : headerValue.substring(0, comma);
    int semicolon = first.indexOf(';');
    return (semicolon < 0 ? first : first.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  private static S2Exception wrongContentType() {
    return S2Exception.of(
        ErrorCode.BAD_JSON, "Expected request with `Content-Type: application/json`");
  }

  // ---------------------------------------------------------------------------------------------
  // Failures

  /**
   * How a route answers a body it refuses. The size cap applies before and after decoding.
   *
   * @param tooLargeStatus the status for a body over the cap
   * @param tooLarge the code for a body over the cap
   * @param unsupportedEncodingStatus the status for a {@code Content-Encoding} other than gzip,
   *     zstd, deflate or identity (code {@code bad_header})
   * @param undecodable the code (its own status) for a body that fails to decompress
   */
  public record Failures(
      int tooLargeStatus, ErrorCode tooLarge, int unsupportedEncodingStatus, ErrorCode undecodable) {

    /**
     * The records routes: 413 {@code invalid} when too large, 415 {@code bad_header} for an
     * unsupported coding, 400 {@code bad_header} for a corrupt compressed body.
     */
    public static final Failures RECORDS =
        new Failures(413, ErrorCode.INVALID, 415, ErrorCode.BAD_HEADER);

    public Failures {
      Objects.requireNonNull(tooLarge, "tooLarge");
      Objects.requireNonNull(undecodable, "undecodable");
    }

    /** 400 {@code malformed} for too large or corrupt bodies; 400 {@code bad_header} otherwise. */
    public static Failures malformed(ErrorCode malformed) {
      return new Failures(
          malformed.status(), malformed, ErrorCode.BAD_HEADER.status(), malformed);
    }

    S2Exception tooLarge(String message) {
      return S2Exception.of(tooLargeStatus, tooLarge.wireName(), message);
    }

    S2Exception unsupportedEncoding(String message) {
      return S2Exception.of(unsupportedEncodingStatus, ErrorCode.BAD_HEADER.wireName(), message);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Any body

  /**
   * The whole body, decoded per {@code Content-Encoding}, of at most {@code maxBytes} before and
   * after decoding. A declared {@code Content-Length} above the cap fails before reading.
   *
   * @param malformed the code for a body that is too large or cannot be decoded
   */
  public Mono<byte[]> read(HttpServerRequest request, int maxBytes, ErrorCode malformed) {
    return read(request, maxBytes, Failures.malformed(malformed));
  }

  /** As {@link #read(HttpServerRequest, int, ErrorCode)}, failing as {@code failures} says. */
  public Mono<byte[]> read(HttpServerRequest request, int maxBytes, Failures failures) {
    return Mono.defer(
        () -> {
          String[] encodings = contentEncodings(request, failures);
          String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
          if (length != null && declaredAbove(length, maxBytes)) {
            return Mono.error(tooLarge(failures, maxBytes));
          }
          return request
              .receive()
              .reduceWith(() -> new Accumulator(maxBytes, failures), Accumulator::add)
              .map(Accumulator::bytes)
              .defaultIfEmpty(new byte[0])
              .timeout(timeout)
              .onErrorMap(TimeoutException.class, e -> timedOut())
              .map(raw -> decode(raw, encodings, maxBytes, failures));
        });
  }

  private static S2Exception timedOut() {
    return S2Exception.of(
        ErrorCode.REQUEST_TIMEOUT, "Timed out waiting for the request body");
  }

  private static boolean declaredAbove(String length, int max) {
    String value = length.strip();
    if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
      return false; // Netty's decoder has already rejected malformed lengths.
    }
    return Long.parseLong(value) > max;
  }

  private static S2Exception tooLarge(Failures failures, int maxBytes) {
    return failures.tooLarge("Request body exceeds the limit of " + maxBytes + " bytes");
  }

  /** Copies chunks into one array, failing as soon as the total passes the cap. */
  private static final class Accumulator {
    private final int max;
    private final Failures failures;
    private byte[] bytes = new byte[0];
    private int size;

    Accumulator(int max, Failures failures) {
      this.max = max;
      this.failures = failures;
    }

    Accumulator add(ByteBuf chunk) {
      int n = chunk.readableBytes();
      if (n > max - size) {
        throw tooLarge(failures, max);
      }
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(size + n, 2 * bytes.length + CHUNK)));
      }
      chunk.getBytes(chunk.readerIndex(), bytes, size, n);
      size += n;
      return this;
    }

    byte[] bytes() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Content-Encoding

  /**
   * The codings of {@code Content-Encoding} in the order they were applied, without {@code
   * identity}. An unsupported one fails at once ({@code bad_header}).
   */
  private static String[] contentEncodings(HttpServerRequest request, Failures failures) {
    List<String> codings = new ArrayList<>(1);
    for (String header : request.requestHeaders().getAll(HttpHeaderNames.CONTENT_ENCODING)) {
      for (String item : header.split(",")) {
        String coding = item.strip().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || coding.equals("identity")) {
          continue;
        }
        if (!SUPPORTED_CODINGS.contains(coding)) {
          throw failures.unsupportedEncoding(
              "Unsupported `Content-Encoding` `" + truncate(coding) + "`: expected gzip or zstd");
        }
        codings.add(coding);
      }
    }
    return codings.toArray(String[]::new);
  }

  private static String truncate(String value) {
    return value.length() <= 32 ? value : value.substring(0, 32) + "…";
  }

  private static byte[] decode(byte[] body, String[] encodings, int maxBytes, Failures failures) {
    byte[] decoded = body;
    // Codings are listed in the order they were applied: undo the last first.
    for (int i = encodings.length - 1; i >= 0 && decoded.length > 0; i--) {
      decoded = decompress(encodings[i], decoded, maxBytes, failures);
    }
    return decoded;
  }

  private static byte[] decompress(String coding, byte[] src, int maxBytes, Failures failures) {
    try (InputStream in = decoder(coding, new ByteArrayInputStream(src))) {
      return drain(in, maxBytes, failures);
    } catch (IOException | RuntimeException e) {
      if (e instanceof S2Exception s2) {
        throw s2;
      }
      throw S2Exception.of(
          failures.undecodable(), "Failed to decompress the request body (`" + coding + "`): " + e.getMessage());
    }
  }

  private static InputStream decoder(String coding, InputStream in) throws IOException {
    return switch (coding) {
      case "gzip", "x-gzip" -> new GZIPInputStream(in, CHUNK);
      case "zstd" -> new ZstdInputStreamNoFinalizer(in).setLongMax(ZSTD_WINDOW_LOG_MAX);
      case "deflate" -> new InflaterInputStream(in);
      default -> throw new IllegalStateException("unchecked coding " + coding);
    };
  }

  /** Reads {@code in} to its end, failing as soon as it yields more than {@code max} bytes. */
  private static byte[] drain(InputStream in, int max, Failures failures) throws IOException {
    byte[] buf = new byte[Math.min(max, CHUNK)];
    int size = 0;
    while (true) {
      if (size == buf.length) {
        if (size >= max) {
          if (in.read() >= 0) {
            throw failures.tooLarge(
                "Decompressed request body exceeds the limit of " + max + " bytes");
          }
          return buf;
        }
        buf = Arrays.copyOf(buf, (int) Math.min(max, 2L * buf.length));
      }
      int n = in.read(buf, size, buf.length - size);
      if (n < 0) {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
      }
      size += n;
    }
  }
}

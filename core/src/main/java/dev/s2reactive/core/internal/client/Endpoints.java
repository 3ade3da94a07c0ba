package dev.s2reactive.core.internal.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves where account and basin requests go (protocol §1). Immutable and thread-safe.
 *
 * <p>An endpoint is {@code [scheme://]authority}: scheme {@code http} or {@code https} (default
 * {@code https}), no path (the client appends {@code /v1/...}). A basin endpoint that starts with
 * {@value #BASIN_PLACEHOLDER} is a parent-zone template: the basin name becomes the first host
 * label and no {@code s2-basin} header is sent. Any other basin endpoint is direct: every basin
 * request goes to it and carries the {@code s2-basin} header.
 */
public final class Endpoints {

  /** Prefix marking a parent-zone basin endpoint. */
  public static final String BASIN_PLACEHOLDER = "{basin}.";
  /** Header naming the basin on direct basin endpoints. */
  public static final String BASIN_HEADER = "s2-basin";

  // A basin name becomes a DNS label in template mode, so only label characters may be substituted.
  private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  private final URI account;
  private final String basinScheme;
  private final String basinAuthority;
  private final boolean parentZone;

  private Endpoints(URI account, String basinScheme, String basinAuthority, boolean parentZone) {
    this.account = account;
    this.basinScheme = basinScheme;
    this.basinAuthority = basinAuthority;
    this.parentZone = parentZone;
  }

  /**
   * Parses and checks both endpoints.
   *
   * @throws IllegalArgumentException naming the offending endpoint if one is malformed, or if the
   *     two use different schemes
   */
  public static Endpoints of(String accountEndpoint, String basinEndpoint) {
    URI account = parse(accountEndpoint, "account endpoint", false);
    Objects.requireNonNull(basinEndpoint, "basin endpoint");
    String scheme = schemeOf(basinEndpoint.strip());
    String rest = stripScheme(basinEndpoint.strip());
    boolean parentZone = rest.startsWith(BASIN_PLACEHOLDER);
    URI basin =
        parse(
            scheme + "://" + (parentZone ? rest.substring(BASIN_PLACEHOLDER.length()) : rest),
            "basin endpoint",
            parentZone);
    if (!account.getScheme().equals(basin.getScheme())) {
      throw new IllegalArgumentException(
          "account endpoint ("
              + account
              + ") and basin endpoint ("
              + basinEndpoint
              + ") must use the same scheme");
    }
    return new Endpoints(account, basin.getScheme(), basin.getRawAuthority(), parentZone);
  }

  /** Base URI of account requests, for example {@code https://a.s2.dev} (no path). */
  public URI accountBaseUri() {
    return account;
  }

  /** True when basin requests go to one host and carry the {@value #BASIN_HEADER} header. */
  public boolean isDirectBasinEndpoint() {
    return !parentZone;
  }

  /** True when requests use TLS. */
  public boolean isSecure() {
    return account.getScheme().equals("https");
  }

  /**
   * Where requests for {@code basin} go.
   *
   * @throws IllegalArgumentException if the endpoint is a template and the basin name cannot be a
   *     host label
   */
  public BasinTarget basin(String basin) {
    Objects.requireNonNull(basin, "basin");
    if (basin.isEmpty()) {
      throw new IllegalArgumentException("basin name must not be empty");
    }
    if (!parentZone) {
      return new BasinTarget(URI.create(basinScheme + "://" + basinAuthority), Optional.of(basin));
    }
    if (!HOST_LABEL.matcher(basin).matches()) {
      throw new IllegalArgumentException(
          "basin name `" + basin + "` cannot be used as a host name label");
    }
    return new BasinTarget(
        URI.create(basinScheme + "://" + basin + "." + basinAuthority), Optional.empty());
  }

  /**
   * The base URI of one basin's requests and the {@value #BASIN_HEADER} header value to send with
   * them, if any.
   */
  public record BasinTarget(URI baseUri, Optional<String> basinHeader) {
    public BasinTarget {
      Objects.requireNonNull(baseUri, "baseUri");
      Objects.requireNonNull(basinHeader, "basinHeader");
    }
  }

  /**
   * Normalises one endpoint to {@code scheme://authority}.
   *
   * @param what the name used in error messages
   * @throws IllegalArgumentException if it is not {@code [scheme://]authority}
   */
  public static URI parse(String endpoint, String what, boolean template) {
    Objects.requireNonNull(endpoint, what);
    String raw = endpoint.strip();
    String scheme = schemeOf(raw);
    String rest = stripScheme(raw);
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    String shown = template ? BASIN_PLACEHOLDER + rest : rest;
    if (rest.isEmpty() || rest.contains("/") || rest.contains("?") || rest.contains("#")) {
      throw new IllegalArgumentException(
          what + " must be [scheme://]host[:port] without a path, was `" + endpoint + "`");
    }
    if (rest.contains("@")) {
      throw new IllegalArgumentException(what + " must not contain user info: `" + shown + "`");
    }
    URI uri;
    try {
      uri = new URI(scheme + "://" + rest);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          what + " is not a valid [scheme://]host[:port]: `" + endpoint + "`", e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          what + " is not a valid [scheme://]host[:port]: `" + endpoint + "`");
    }
    return uri;
  }

  private static String schemeOf(String raw) {
    int sep = raw.indexOf("://");
    if (sep < 0) {
      return "https";
    }
    String scheme = raw.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "endpoint scheme must be http or https, was `" + raw.substring(0, sep) + "`");
    }
    return scheme;
  }

  private static String stripScheme(String raw) {
    int sep = raw.indexOf("://");
    return sep < 0 ? raw : raw.substring(sep + 3);
  }

  @Override
  public String toString() {
    return "Endpoints{account="
        + account
        + ", basin="
        + basinScheme
        + "://"
        + (parentZone ? BASIN_PLACEHOLDER : "")
        + basinAuthority
        + '}';
  }
}

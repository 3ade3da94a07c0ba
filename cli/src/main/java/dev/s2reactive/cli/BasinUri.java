package dev.s2reactive.cli;


/**
 * A basin given as {@code my-basin} or {@code s2://my-basin}, optionally with a stream-name prefix
 * ({@code s2://my-basin/prod/}) where a command lists streams.
 *
 * @param prefix the stream-name prefix, "" when none
 */
record BasinUri(String basin, String prefix) {

  static BasinUri parse(String value, boolean prefixAllowed) {
    String rest = value.startsWith("s2://") ? value.substring(5) : value;
    if (!value.startsWith("s2://") && value.contains("://")) {
      throw new IllegalArgumentException("expected BASIN or s2://BASIN, got " + value);
    }
    int slash = rest.indexOf('/');
    String basin = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (basin.isEmpty()) {
      throw new IllegalArgumentException("missing basin name in " + value);
    }
    if (!prefixAllowed && !prefix.isEmpty()) {
      throw new IllegalArgumentException("expected a basin, not a stream: " + value);
    }
    return new BasinUri(basin, prefix);
  }

  /** Accepts only a basin. */
  static final class Converter extends ParsingConverter<BasinUri> {
    Converter() {
      super(value -> parse(value, false));
    }
  }

  /** Accepts a basin with an optional stream-name prefix. */
  static final class WithPrefixConverter extends ParsingConverter<BasinUri> {
    WithPrefixConverter() {
      super(value -> parse(value, true));
    }
  }
}

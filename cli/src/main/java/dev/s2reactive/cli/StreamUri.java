package dev.s2reactive.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A stream named as {@code s2://basin/stream}; the stream part may contain slashes. */
record StreamUri(String basin, String stream) {

  static final class Converter implements ITypeConverter<StreamUri> {
    @Override
    public StreamUri convert(String value) {
      String rest = value.startsWith("s2://") ? value.substring(5) : null;
      int slash = rest == null ? -1 : rest.indexOf('/');
      if (slash <= 0 || slash == rest.length() - 1) {
        throw new TypeConversionException("expected s2://BASIN/STREAM, got " + value);
      }
      return new StreamUri(rest.substring(0, slash), rest.substring(slash + 1));
    }
  }
}

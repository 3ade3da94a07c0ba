package dev.s2reactive.cli;

import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A flag converter around a parser that throws {@link IllegalArgumentException}: the parser's
 * message becomes the usage error ({@code s2r: … (see '… --help')}, exit code 2).
 */
abstract class ParsingConverter<T> implements ITypeConverter<T> {

  private final Function<String, T> parser;

  ParsingConverter(Function<String, T> parser) {
    this.parser = parser;
  }

  @Override
  public final T convert(String value) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}

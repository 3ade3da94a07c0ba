package dev.s2reactive.cli;

import dev.s2reactive.core.model.Operation;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One {@code --ops} entry: the official CLI's snake_case ({@code list_basins}) or the wire's
 * kebab-case ({@code list-basins}); {@code get_account_metrics}-style names map to the metrics ops.
 */
final class OperationNames {

  private OperationNames() {}

  static Operation parse(String text) {
    String name = text.strip().replace('_', '-');
    if (name.startsWith("get-") && name.endsWith("-metrics")) {
      name = name.substring(4);
    }
    return Operation.fromWireName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown operation '"
                        + text
                        + "' (one of "
                        + Arrays.stream(Operation.values())
                            .map(op -> op.wireName().replace('-', '_'))
                            .collect(Collectors.joining(", "))
                        + ")"));
  }

  static final class Converter extends ParsingConverter<Operation> {
    Converter() {
      super(OperationNames::parse);
    }
  }
}

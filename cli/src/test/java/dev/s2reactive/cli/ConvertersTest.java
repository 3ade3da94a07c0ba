package dev.s2reactive.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadWrite;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

  @Test
  void durationsTakeUnitsAndSums() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1h 30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("1y")).isEqualTo(Duration.ofHours(8766));
    assertThat(Durations.parse("0s")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "abc", "1x", "h1", "1h-", "-1h", "1.5h"})
  void durationsRejectGarbage(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Durations.Converter().convert(text))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void opGroupPermsNameEachGroupAndLeaveTheOthersUnset() {
    assertThat(OpGroupPerms.parse("account=rw,basin=r,stream=w"))
        .isEqualTo(
            OpGroupPermissions.of(ReadWrite.READ_WRITE, ReadWrite.READ_ONLY, ReadWrite.WRITE_ONLY));
    OpGroupPermissions streamRead = OpGroupPerms.parse("stream=r");
    assertThat(streamRead.stream()).contains(ReadWrite.READ_ONLY);
    assertThat(streamRead.account()).isEqualTo(Optional.empty());
    assertThat(streamRead.basin()).isEqualTo(Optional.empty());
    assertThat(OpGroupPerms.parse(" basin = wr ").basin()).contains(ReadWrite.READ_WRITE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "stream", "stream=", "stream=x", "tokens=r", "stream=r,stream=w", "=r"})
  void opGroupPermsRejectMalformedEntries(String text) {
    assertThatThrownBy(() -> OpGroupPerms.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void operationsTakeSnakeOrKebabCase() {
    assertThat(OperationNames.parse("list_basins")).isEqualTo(Operation.LIST_BASINS);
    assertThat(OperationNames.parse("check-tail")).isEqualTo(Operation.CHECK_TAIL);
    assertThat(OperationNames.parse("get_account_metrics")).isEqualTo(Operation.ACCOUNT_METRICS);
    assertThatThrownBy(() -> OperationNames.parse("launch_rockets"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("list_basins");
  }

  @Test
  void streamUrisKeepSlashesInTheStreamName() {
    StreamUri uri = new StreamUri.Converter().convert("s2://my-basin/prod/logs");
    assertThat(uri).isEqualTo(new StreamUri("my-basin", "prod/logs"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"my-basin/logs", "s2://my-basin", "s2://my-basin/", "s2:///logs", "x"})
  void streamUrisNeedABasinAndAStream(String text) {
    assertThatThrownBy(() -> new StreamUri.Converter().convert(text))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void basinUrisTakeABareNameOrAnS2UriWithAnOptionalPrefix() {
    assertThat(new BasinUri.Converter().convert("my-basin"))
        .isEqualTo(new BasinUri("my-basin", ""));
    assertThat(new BasinUri.Converter().convert("s2://my-basin"))
        .isEqualTo(new BasinUri("my-basin", ""));
    assertThat(new BasinUri.WithPrefixConverter().convert("s2://my-basin/prod/"))
        .isEqualTo(new BasinUri("my-basin", "prod/"));
    assertThatThrownBy(() -> new BasinUri.Converter().convert("s2://my-basin/logs"))
        .isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> new BasinUri.Converter().convert("http://my-basin"))
        .isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> new BasinUri.Converter().convert("s2://"))
        .isInstanceOf(TypeConversionException.class);
  }
}

package dev.s2reactive.core.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class AppendValidationTest {

  private static final int MIB = 1024 * 1024;

  private static void assertInvalid(ThrowingCallable call, String message) {
    S2Exception e = catchThrowableOfType(S2Exception.class, call);
    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.code()).isEqualTo("invalid");
    assertThat(e.getMessage()).isEqualTo(message);
  }

  private static AppendRecord bodyOfSize(int bytes) {
    return AppendRecord.of(new byte[bytes]);
  }

  @Test
  void meteredSizeFormula() {
    AppendRecord r = AppendRecord.builder().header("k", "v").body("hello").build();
    assertThat(AppendValidation.validateRecord(r)).isEqualTo(17);
    assertThat(AppendValidation.validateRecord(AppendRecord.of(""))).isEqualTo(8);
    assertThat(AppendValidation.validateRecord(AppendRecord.fence(""))).isEqualTo(15);
    assertThat(AppendValidation.validateRecord(AppendRecord.fence("a".repeat(36)))).isEqualTo(51);
    assertThat(AppendValidation.validateRecord(AppendRecord.trim(42))).isEqualTo(22);
  }

  @Test
  void recordCountBoundaries() {
    assertInvalid(() -> AppendValidation.validate(AppendInput.of(List.of())),
        "record batch must not be empty");
    List<AppendRecord> thousand = Collections.nCopies(1000, AppendRecord.of("x"));
    assertThatCode(() -> AppendValidation.validate(AppendInput.of(thousand)))
        .doesNotThrowAnyException();
    List<AppendRecord> more = new ArrayList<>(thousand);
    more.add(AppendRecord.of("x"));
    assertInvalid(() -> AppendValidation.validate(AppendInput.of(more)),
        "record batch must not exceed 1000 records");
  }

  @Test
  void batchMeteredSizeBoundaries() {
    // Two records totalling exactly 1 MiB metered.
    AppendRecord a = bodyOfSize(MIB / 2 - 8);
    AppendRecord b = bodyOfSize(MIB / 2 - 8);
    assertThat(a.meteredBytes() + b.meteredBytes()).isEqualTo(MIB);
    assertThatCode(() -> AppendValidation.validate(AppendInput.of(a, b)))
        .doesNotThrowAnyException();
    AppendRecord c = bodyOfSize(MIB / 2 - 7);
    assertInvalid(() -> AppendValidation.validate(AppendInput.of(a, c)),
        "record batch must not exceed a metered size of 1 MiB");
  }

  @Test
  void recordMeteredSizeBoundaries() {
    AppendRecord exact = AppendRecord.builder().header("h", "v").body(new byte[MIB - 12]).build();
    assertThat(exact.meteredBytes()).isEqualTo(MIB);
    assertThat(AppendValidation.validateRecord(exact)).isEqualTo(MIB);
    assertThatCode(() -> AppendValidation.validate(AppendInput.of(exact)))
        .doesNotThrowAnyException();
    AppendRecord over = bodyOfSize(MIB - 7);
    assertThat(over.meteredBytes()).isEqualTo(MIB + 1);
    assertInvalid(() -> AppendValidation.validate(AppendInput.of(over)),
        "record must have metered size less than 1 MiB");
  }

  @Test
  void recordErrorsComeBeforeBatchErrors() {
    List<AppendRecord> records = new ArrayList<>(Collections.nCopies(1001, AppendRecord.of("x")));
    records.set(500, AppendRecord.builder().header("", "x").header("k", "v").build());
    assertInvalid(() -> AppendValidation.validate(AppendInput.of(records)),
        "invalid header: empty name");
  }

  @Test
  void fenceCommandTokenLength() {
    assertThatCode(() -> AppendValidation.validateRecord(AppendRecord.fence("a".repeat(36))))
        .doesNotThrowAnyException();
    assertThatCode(() -> AppendValidation.validateRecord(AppendRecord.fence("")))
        .doesNotThrowAnyException();
    assertInvalid(() -> AppendValidation.validateRecord(AppendRecord.fence("a".repeat(37))),
        "invalid `fence` command: fencing token must not exceed 36 bytes in length, was 37");
    AppendRecord binary =
        new AppendRecord(
            OptionalLong.empty(),
            List.of(new Header(Bytes.EMPTY, AppendRecord.FENCE_COMMAND)),
            Bytes.copyOf(new byte[] {(byte) 0xFF}));
    assertInvalid(() -> AppendValidation.validateRecord(binary),
        "invalid `fence` command: invalid UTF-8");
  }

  @Test
  void trimCommandBodyMustBe8Bytes() {
    for (int size : new int[] {0, 4, 7, 9, 10}) {
      AppendRecord trim =
          new AppendRecord(
              OptionalLong.empty(),
              List.of(new Header(Bytes.EMPTY, AppendRecord.TRIM_COMMAND)),
              Bytes.copyOf(new byte[size]));
      assertInvalid(() -> AppendValidation.validateRecord(trim),
          "invalid `trim` command: earliest sequence number to trim to was " + size
              + " bytes, must be 8");
    }
    assertThat(AppendValidation.validateRecord(AppendRecord.trim(0))).isEqualTo(22);
  }

  @Test
  void unknownCommandAndEmptyHeaderNames() {
    assertInvalid(
        () -> AppendValidation.validateRecord(AppendRecord.builder().header("", "truncate").build()),
        "unknown command");
    assertInvalid(
        () -> AppendValidation.validateRecord(AppendRecord.builder().header("", "").build()),
        "unknown command");
    assertInvalid(
        () ->
            AppendValidation.validateRecord(
                AppendRecord.builder().header("", "fence").header("k", "v").build()),
        "invalid header: empty name");
    assertInvalid(
        () ->
            AppendValidation.validateRecord(
                AppendRecord.builder().header("k", "v").header("", "v").build()),
        "invalid header: empty name");
    // A non-empty name with a command-like value is an ordinary header.
    assertThat(
            AppendValidation.validateRecord(AppendRecord.builder().header("x", "fence").build()))
        .isEqualTo(8 + 2 + 1 + 5);
  }

  @Test
  void fencingTokenCondition() {
    assertThat(AppendValidation.fencingTokenError("a".repeat(36))).isEmpty();
    assertThat(AppendValidation.fencingTokenError("a".repeat(37))).isPresent();
    assertThat(AppendValidation.fencingTokenError("€".repeat(12))).isEmpty();
    assertThat(AppendValidation.fencingTokenError("€".repeat(13))).isPresent();
  }
}

package dev.s2reactive.core.internal.codec.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LastEventIdTest {

  @Test
  void parsesAndFormats() {
    assertThat(LastEventId.parse("7,3,27")).isEqualTo(new LastEventId(7, 3, 27));
    assertThat(LastEventId.parse(" 0,0,0 ")).isEqualTo(new LastEventId(0, 0, 0));
    assertThat(new LastEventId(7, 3, 27).format()).isEqualTo("7,3,27");
  }

  @Test
  void unsigned64BitValuesRoundTrip() {
    LastEventId id = LastEventId.parse("18446744073709551615,9223372036854775808,1");
    assertThat(id.seqNum()).isEqualTo(-1L);
    assertThat(id.count()).isEqualTo(Long.MIN_VALUE);
    assertThat(id.format()).isEqualTo("18446744073709551615,9223372036854775808,1");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| missing seq_num in Last-Event-Id",
        "5| missing count in Last-Event-Id",
        "5,| missing count in Last-Event-Id",
        "5,,3| missing count in Last-Event-Id",
        "5,1| missing bytes in Last-Event-Id",
        "5,1,| missing bytes in Last-Event-Id",
        ",1,2| missing seq_num in Last-Event-Id",
        "a,1,2| invalid seq_num in Last-Event-Id",
        "1,-2,3| invalid count in Last-Event-Id",
        "1, 2,3| invalid count in Last-Event-Id",
        "1,2,3x| invalid bytes in Last-Event-Id",
        "1,2,+3| invalid bytes in Last-Event-Id",
        "1,2,3,4| unexpected extra field in Last-Event-Id",
        "18446744073709551616,0,0| seq_num out of range in Last-Event-Id",
      })
  void malformedValuesAreBadHeader(String value, String message) {
    assertThatThrownBy(() -> LastEventId.parse(value))
        .isInstanceOfSatisfying(
            S2Exception.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.errorCode()).contains(ErrorCode.BAD_HEADER);
              assertThat(e.isRetryable()).isFalse();
            })
        .hasMessageStartingWith(message.strip());
  }

  @Test
  void nullIsBadHeader() {
    assertThatThrownBy(() -> LastEventId.parse(null)).isInstanceOf(S2Exception.class);
  }
}

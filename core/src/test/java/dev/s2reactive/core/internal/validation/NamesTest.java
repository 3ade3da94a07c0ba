package dev.s2reactive.core.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"abcdefgh", "my-basin", "0123-456", "a1b2c3d4e5f6", "a-------b"})
  void validBasinNames(String name) {
    assertThat(Names.basinNameError(name)).isEmpty();
  }

  @Test
  void basinNameLengthBoundaries() {
    assertThat(Names.basinNameError("a".repeat(7)))
        .contains("basin name should be at least 8 bytes in length");
    assertThat(Names.basinNameError("a".repeat(8))).isEmpty();
    assertThat(Names.basinNameError("a".repeat(48))).isEmpty();
    assertThat(Names.basinNameError("a".repeat(49)))
        .contains("basin name must not exceed 48 bytes in length");
  }

  @Test
  void basinNameCharacters() {
    assertThat(Names.basinNameError("-my-basin"))
        .contains("basin name must begin with a lowercase letter or number");
    assertThat(Names.basinNameError("my-basin-"))
        .contains("basin name must end with a lowercase letter or number");
    assertThat(Names.basinNameError("my_basin"))
        .contains("basin name must comprise lowercase letters, numbers, and hyphens");
    assertThat(Names.basinNameError("My-basin")).isPresent();
    assertThat(Names.basinNameError("my.basin")).isPresent();
    assertThat(Names.basinNameError("my-bäsin")).isPresent();
  }

  @Test
  void basinPrefixAndStartAfter() {
    assertThat(Names.basinPrefixError("")).isEmpty();
    assertThat(Names.basinPrefixError("a")).isEmpty();
    assertThat(Names.basinPrefixError("my-")).isEmpty(); // the last char is not checked
    assertThat(Names.basinPrefixError("-x")).isPresent(); // the first char is
    assertThat(Names.basinPrefixError("a_b")).isPresent();
    assertThat(Names.basinPrefixError("a".repeat(48))).isEmpty();
    assertThat(Names.basinPrefixError("a".repeat(49))).isPresent();
    assertThat(Names.basinStartAfterError("")).isEmpty();
    assertThat(Names.basinStartAfterError("abc-")).isEmpty();
    assertThat(Names.basinStartAfterError("Abc")).isPresent();
  }

  @Test
  void streamNames() {
    assertThat(Names.streamNameError("s")).isEmpty();
    assertThat(Names.streamNameError("logs/app 1 ✓")).isEmpty();
    assertThat(Names.streamNameError("...")).isEmpty();
    assertThat(Names.streamNameError("")).contains("stream name must not be empty");
    assertThat(Names.streamNameError(".")).isPresent();
    assertThat(Names.streamNameError("..")).isPresent();
    assertThat(Names.streamNameError("a".repeat(512))).isEmpty();
    assertThat(Names.streamNameError("a".repeat(513)))
        .contains("stream name must not exceed 512 bytes in length");
    // bytes, not characters: 256 × 2-byte chars = 512 bytes
    assertThat(Names.streamNameError("é".repeat(256))).isEmpty();
    assertThat(Names.streamNameError("é".repeat(256) + "a")).isPresent();
    assertThat(Names.streamPrefixError("")).isEmpty();
    assertThat(Names.streamPrefixError("..")).isEmpty();
    assertThat(Names.streamPrefixError("a".repeat(513))).isPresent();
    assertThat(Names.streamStartAfterError(".")).isEmpty();
    assertThat(Names.streamStartAfterError("a".repeat(513))).isPresent();
  }

  @Test
  void accessTokenIds() {
    assertThat(Names.accessTokenIdError("t")).isEmpty();
    assertThat(Names.accessTokenIdError("a".repeat(96))).isEmpty();
    assertThat(Names.accessTokenIdError("a".repeat(97))).isPresent();
    assertThat(Names.accessTokenIdError("")).isPresent();
    assertThat(Names.accessTokenIdError(".")).isPresent();
    assertThat(Names.accessTokenIdError("..")).isPresent();
    assertThat(Names.accessTokenIdPrefixError("")).isEmpty();
    assertThat(Names.accessTokenIdPrefixError("a".repeat(97))).isPresent();
    assertThat(Names.accessTokenIdStartAfterError("a".repeat(96))).isEmpty();
  }

  @Test
  void locations() {
    assertThat(Names.locationError("aws:us-east-1")).isEmpty();
    assertThat(Names.locationError("Local.Zone-1")).isEmpty();
    assertThat(Names.locationError("")).isPresent();
    assertThat(Names.locationError("a".repeat(64))).isEmpty();
    assertThat(Names.locationError("a".repeat(65))).isPresent();
    assertThat(Names.locationError("us east")).isPresent();
  }

  @Test
  void requestTokenLength() {
    assertThat(Names.requestTokenError("")).isEmpty();
    assertThat(Names.requestTokenError("a".repeat(36))).isEmpty();
    assertThat(Names.requestTokenError("a".repeat(37))).isPresent();
  }

  @Test
  void utf8Length() {
    assertThat(Names.utf8Length("")).isZero();
    assertThat(Names.utf8Length("a")).isEqualTo(1);
    assertThat(Names.utf8Length("é")).isEqualTo(2);
    assertThat(Names.utf8Length("€")).isEqualTo(3);
    assertThat(Names.utf8Length("😀")).isEqualTo(4);
    assertThat(Names.utf8Length("a😀é€")).isEqualTo(10);
  }
}

package dev.s2reactive.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PatchTest {

  @Test
  void threeStates() {
    Patch<String> absent = Patch.absent();
    Patch<String> reset = Patch.reset();
    Patch<String> set = Patch.set("v");
    assertThat(absent.isAbsent()).isTrue();
    assertThat(reset.isReset()).isTrue();
    assertThat(set.isSet()).isTrue();
    assertThat(set.value()).isEqualTo("v");
    assertThatThrownBy(absent::value).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(reset::value).isInstanceOf(NoSuchElementException.class);
    assertThat(absent.apply("cur", "def")).isEqualTo("cur");
    assertThat(reset.apply("cur", "def")).isEqualTo("def");
    assertThat(set.apply("cur", "def")).isEqualTo("v");
    assertThat(set.map(String::length)).isEqualTo(Patch.set(1));
    assertThat(reset.map(String::length).isReset()).isTrue();
    assertThat(absent.map(String::length).isAbsent()).isTrue();
    assertThat(Patch.ofOptional(Optional.empty()).isAbsent()).isTrue();
    assertThat(set.asOptional()).contains("v");
    assertThat(reset.asOptional()).isEmpty();
    assertThat(set).isEqualTo(Patch.set("v")).isNotEqualTo(Patch.set("w")).isNotEqualTo(reset);
    assertThatThrownBy(() -> Patch.set(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void otherValueInvariants() {
    assertThatThrownBy(() -> new AppendConditionFailed(Optional.of("t"), OptionalLong.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RetentionPolicy.infinite().isInfinite()).isTrue();
    assertThat(RetentionPolicy.DEFAULT.ageSecs()).hasValue(604_800);
    assertThat(BasinInfo.of("b", Optional.empty(), Instant.EPOCH, Optional.empty()).state())
        .isEqualTo(BasinState.ACTIVE);
    assertThat(ResourceSet.exact("a").matches("a")).isTrue();
    assertThat(ResourceSet.exact("a").matches("ab")).isFalse();
    assertThat(ResourceSet.prefix("a").matches("ab")).isTrue();
    assertThat(ReadWrite.of(true, false)).isEqualTo(ReadWrite.READ_ONLY);
  }
}

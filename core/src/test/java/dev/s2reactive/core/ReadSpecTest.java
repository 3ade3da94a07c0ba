package dev.s2reactive.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadSpecTest {

  @Test
  void startAtFactories() {
    assertThat(StartAt.seqNum(5).kind()).isEqualTo(StartAt.Kind.SEQ_NUM);
    assertThat(StartAt.timestamp(7).kind().queryParam()).isEqualTo("timestamp");
    assertThat(StartAt.tailOffset(100).value()).isEqualTo(100);
    assertThat(StartAt.tail()).isEqualTo(StartAt.tailOffset(0));
    assertThat(StartAt.seqNum(1).isClamped()).isFalse();
    StartAt clamped = StartAt.seqNum(1).clamp(true);
    assertThat(clamped.isClamped()).isTrue();
    assertThat(clamped).isNotEqualTo(StartAt.seqNum(1));
    assertThat(clamped.clamp(false)).isEqualTo(StartAt.seqNum(1));
    assertThat(StartAt.seqNum(-1).toString()).contains("18446744073709551615");
    assertThat(StartAt.seqNum(3).isRelative()).isFalse();
    assertThat(StartAt.timestamp(3).isRelative()).isTrue();
  }

  @Test
  void defaultsAreUnboundedAndFollow() {
    ReadSpec spec = ReadSpec.from(StartAt.tailOffset(100));
    assertThat(spec.count()).isEmpty();
    assertThat(spec.bytes()).isEmpty();
    assertThat(spec.until()).isEmpty();
    assertThat(spec.waitTime()).isEmpty();
    assertThat(spec.heartbeatTimeout()).isEmpty();
    assertThat(spec.retryPolicy()).isEmpty();
    assertThat(spec.isBounded()).isFalse();
    assertThat(spec.mayFollow()).isTrue();
  }

  @Test
  void waitModes() {
    ReadSpec base = ReadSpec.from(StartAt.seqNum(0));
    assertThat(base.stopAtTail().mayFollow()).isFalse();
    assertThat(base.stopAtTail().waitTime()).contains(Duration.ZERO);
    assertThat(base.withCount(10).mayFollow()).isFalse();
    assertThat(base.withCount(10).follow().mayFollow()).isTrue();
    assertThat(base.withCount(10).follow().waitTime()).contains(ReadSpec.MAX_WAIT);
    assertThat(base.withUntil(5).withWait(Duration.ofSeconds(3)).mayFollow()).isTrue();
    assertThat(base.withWait(Duration.ofSeconds(3)).withoutWait().waitTime()).isEmpty();
    assertThat(base.withCount(1).withBytes(2).withUntil(3).withoutLimits().isBounded()).isFalse();
  }

  @Test
  void waitSecondsRoundUp() {
    assertThat(ReadSpec.waitSeconds(Duration.ZERO)).isZero();
    assertThat(ReadSpec.waitSeconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(ReadSpec.waitSeconds(Duration.ofSeconds(5))).isEqualTo(5);
    assertThat(ReadSpec.waitSeconds(Duration.ofMillis(5001))).isEqualTo(6);
  }

  @Test
  void withMethodsReturnNewValues() {
    ReadSpec base = ReadSpec.from(StartAt.seqNum(0));
    ReadSpec spec =
        base.withCount(10)
            .withBytes(2048)
            .withUntil(99)
            .withHeartbeatTimeout(Duration.ofSeconds(5))
            .withRetryPolicy(RetryPolicy.none())
            .withStart(StartAt.timestamp(1));
    assertThat(spec.count()).hasValue(10);
    assertThat(spec.bytes()).hasValue(2048);
    assertThat(spec.until()).hasValue(99);
    assertThat(spec.heartbeatTimeout()).contains(Duration.ofSeconds(5));
    assertThat(spec.retryPolicy()).contains(RetryPolicy.none());
    assertThat(spec.start()).isEqualTo(StartAt.timestamp(1));
    assertThat(base.count()).isEmpty();
  }

  @Test
  void rejectsInvalidValues() {
    ReadSpec base = ReadSpec.from(StartAt.seqNum(0));
    assertThatThrownBy(() -> base.withCount(-1)).hasMessageContaining("count");
    assertThatThrownBy(() -> base.withBytes(-1)).hasMessageContaining("bytes");
    assertThatThrownBy(() -> base.withWait(Duration.ofMillis(-1))).hasMessageContaining("wait");
    assertThatThrownBy(() -> base.withWait(ReadSpec.MAX_WAIT.plusSeconds(1)))
        .hasMessageContaining("wait");
    assertThatThrownBy(() -> base.withHeartbeatTimeout(Duration.ZERO))
        .hasMessageContaining("heartbeatTimeout");
    assertThatThrownBy(() -> ReadSpec.from(StartAt.timestamp(10)).withUntil(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("until");
    assertThat(ReadSpec.from(StartAt.timestamp(10)).withUntil(11).until()).hasValue(11);
  }
}

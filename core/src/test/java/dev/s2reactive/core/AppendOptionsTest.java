package dev.s2reactive.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AppendOptionsTest {

  @Test
  void defaults() {
    AppendOptions o = AppendOptions.defaults();
    assertThat(o.linger()).isEqualTo(Duration.ofMillis(5));
    assertThat(o.maxBatchRecords()).isEqualTo(1000);
    assertThat(o.maxBatchBytes()).isEqualTo(1024 * 1024);
    assertThat(o.maxInFlightBytes()).isEqualTo(5 * 1024 * 1024);
    assertThat(o.fencingToken()).isEmpty();
    assertThat(o.matchSeqNumChaining()).isFalse();
    assertThat(o.initialMatchSeqNum()).isEmpty();
    assertThat(o.appendRetryPolicy()).isEqualTo(AppendRetryPolicy.ALL);
    assertThat(o.retryPolicy()).isEmpty();
  }

  @Test
  void matchSeqNumChaining() {
    AppendOptions o = AppendOptions.defaults().withMatchSeqNum(0);
    assertThat(o.matchSeqNumChaining()).isTrue();
    assertThat(o.initialMatchSeqNum()).hasValue(0);
    AppendOptions off = o.withMatchSeqNumChaining(false);
    assertThat(off.matchSeqNumChaining()).isFalse();
    assertThat(off.initialMatchSeqNum()).isEmpty();
    AppendOptions fromFirstAck = AppendOptions.defaults().withMatchSeqNumChaining(true);
    assertThat(fromFirstAck.matchSeqNumChaining()).isTrue();
    assertThat(fromFirstAck.initialMatchSeqNum()).isEmpty();
  }

  @Test
  void limitsAtTheirBounds() {
    AppendOptions o = AppendOptions.defaults();
    assertThat(o.withMaxBatchRecords(1).maxBatchRecords()).isEqualTo(1);
    assertThat(o.withMaxBatchRecords(1000).maxBatchRecords()).isEqualTo(1000);
    assertThatThrownBy(() -> o.withMaxBatchRecords(0)).hasMessageContaining("maxBatchRecords");
    assertThatThrownBy(() -> o.withMaxBatchRecords(1001)).hasMessageContaining("1000");
    assertThat(o.withMaxBatchBytes(1024 * 1024).maxBatchBytes()).isEqualTo(1024 * 1024);
    assertThatThrownBy(() -> o.withMaxBatchBytes(1024 * 1024 + 1))
        .hasMessageContaining("maxBatchBytes");
    assertThatThrownBy(() -> o.withMaxInFlightBytes(1024 * 1024 - 1))
        .hasMessageContaining("maxInFlightBytes");
    assertThat(o.withMaxInFlightBytes(1024 * 1024).maxInFlightBytes()).isEqualTo(1024 * 1024);
    assertThatThrownBy(() -> o.withLinger(Duration.ofMillis(-1))).hasMessageContaining("linger");
    assertThat(o.withLinger(Duration.ZERO).linger()).isZero();
  }

  @Test
  void fencingTokenUpTo36Bytes() {
    AppendOptions o = AppendOptions.defaults();
    assertThat(o.withFencingToken("x".repeat(36)).fencingToken()).contains("x".repeat(36));
    assertThatThrownBy(() -> o.withFencingToken("x".repeat(37)))
        .hasMessageContaining("36")
        .hasMessageContaining("37");
    // 12 three-byte characters = 36 bytes; 13 = 39
    assertThat(o.withFencingToken("€".repeat(12)).fencingToken()).isPresent();
    assertThatThrownBy(() -> o.withFencingToken("€".repeat(13))).hasMessageContaining("39");
    assertThat(o.withFencingToken("a").withoutFencingToken().fencingToken()).isEmpty();
  }

  @Test
  void retryPolicies() {
    AppendOptions o =
        AppendOptions.defaults()
            .withAppendRetryPolicy(AppendRetryPolicy.NO_SIDE_EFFECTS)
            .withRetryPolicy(RetryPolicy.none());
    assertThat(o.appendRetryPolicy()).isEqualTo(AppendRetryPolicy.NO_SIDE_EFFECTS);
    assertThat(o.retryPolicy()).contains(RetryPolicy.none());
  }
}

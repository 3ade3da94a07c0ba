package dev.s2reactive.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.RetryPolicy.Jitter;
import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  /** A random whose nextDouble is fixed. */
  private static RandomGenerator fixed(double u) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return u;
      }
    };
  }

  private static final double ALMOST_ONE = Math.nextDown(1.0);

  @Test
  void defaults() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.minBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.jitter()).isEqualTo(Jitter.FULL);
    assertThat(p.canRetry(1)).isTrue();
    assertThat(p.canRetry(2)).isTrue();
    assertThat(p.canRetry(3)).isFalse();
    assertThat(RetryPolicy.none().canRetry(1)).isFalse();
  }

  @Test
  void exponentialCeilingWithoutJitterDoublesUpToMax() {
    RetryPolicy p = RetryPolicy.builder().jitter(Jitter.NONE).build();
    RandomGenerator r = fixed(0.5);
    assertThat(p.backoff(1, OptionalLong.empty(), r)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoff(2, OptionalLong.empty(), r)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoff(3, OptionalLong.empty(), r)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.backoff(4, OptionalLong.empty(), r)).isEqualTo(Duration.ofMillis(800));
    assertThat(p.backoff(5, OptionalLong.empty(), r)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoff(1000, OptionalLong.empty(), r)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void fullJitterSpansMinToCeiling() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.backoff(3, OptionalLong.empty(), fixed(0.0))).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoff(3, OptionalLong.empty(), fixed(ALMOST_ONE)))
        .isEqualTo(Duration.ofMillis(400));
    assertThat(p.backoff(3, OptionalLong.empty(), fixed(0.5)))
        .isBetween(Duration.ofMillis(249), Duration.ofMillis(251));
    assertThat(p.backoff(10, OptionalLong.empty(), fixed(ALMOST_ONE)))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void equalJitterStaysInUpperHalf() {
    RetryPolicy p = RetryPolicy.builder().jitter(Jitter.EQUAL).build();
    assertThat(p.backoff(4, OptionalLong.empty(), fixed(0.0))).isEqualTo(Duration.ofMillis(400));
    assertThat(p.backoff(4, OptionalLong.empty(), fixed(ALMOST_ONE)))
        .isEqualTo(Duration.ofMillis(800));
    // first retry: half the ceiling is below min, so min is the floor
    assertThat(p.backoff(1, OptionalLong.empty(), fixed(0.0))).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void serverRetryAfterWins() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.backoff(1, OptionalLong.of(2500), fixed(0.0))).isEqualTo(Duration.ofMillis(2500));
    assertThat(p.backoff(1, OptionalLong.of(0), fixed(0.9))).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .minBackoff(Duration.ofSeconds(2))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minBackoff");
    assertThatThrownBy(() -> RetryPolicy.defaults().backoff(0, OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryableErrors() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.isRetryable(S2Exception.of(ErrorCode.RATE_LIMITED, "slow down"))).isTrue();
    assertThat(p.isRetryable(S2Exception.of(ErrorCode.STREAM_NOT_FOUND, "nope"))).isFalse();
    assertThat(p.isRetryable(S2Exception.of(599, "mystery", "?"))).isTrue();
    assertThat(p.isRetryable(S2Exception.of(418, "mystery", "?"))).isFalse();
    assertThat(p.isRetryable(new ConnectException("refused"))).isTrue();
    assertThat(p.isRetryable(new IOException("Connection reset by peer"))).isTrue();
    assertThat(p.isRetryable(new TimeoutException())).isTrue();
    assertThat(p.isRetryable(new RuntimeException(new IOException("wrapped")))).isTrue();
    assertThat(p.isRetryable(new SSLHandshakeException("bad cert"))).isFalse();
    assertThat(p.isRetryable(new IllegalArgumentException("bug"))).isFalse();
    assertThat(p.isRetryable(null)).isFalse();
  }

  @Test
  void cyclicCauseChainTerminates() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(RetryPolicy.defaults().isRetryable(a)).isFalse();
    assertThat(AppendRetryPolicy.NO_SIDE_EFFECTS.permitsRetryAfter(a)).isFalse();
  }

  @Test
  void mutateAndEquality() {
    RetryPolicy p = RetryPolicy.defaults().mutate().maxAttempts(7).build();
    assertThat(p.maxAttempts()).isEqualTo(7);
    assertThat(p.mutate().build()).isEqualTo(p).hasSameHashCodeAs(p);
    assertThat(p).isNotEqualTo(RetryPolicy.defaults());
  }
}

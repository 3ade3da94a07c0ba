package dev.s2reactive.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class AppendRetryPolicyTest {

  @Test
  void allPermitsEverything() {
    assertThat(AppendRetryPolicy.ALL.permitsRetryAfter(new IOException("reset"))).isTrue();
    assertThat(AppendRetryPolicy.ALL.permitsRetryAfter(S2Exception.of(ErrorCode.STORAGE, "x")))
        .isTrue();
  }

  @Test
  void noSideEffectsOnlyWhenNothingCanHaveBeenWritten() {
    AppendRetryPolicy p = AppendRetryPolicy.NO_SIDE_EFFECTS;
    assertThat(p.permitsRetryAfter(S2Exception.of(ErrorCode.RATE_LIMITED, "x"))).isTrue();
    assertThat(p.permitsRetryAfter(S2Exception.of(ErrorCode.SERVER_DRAINING, "x"))).isTrue();
    assertThat(p.permitsRetryAfter(S2Exception.of(ErrorCode.STORAGE, "x"))).isFalse();
    assertThat(p.permitsRetryAfter(S2Exception.of(ErrorCode.REQUEST_TIMEOUT, "x"))).isFalse();
    assertThat(p.permitsRetryAfter(new ConnectException("refused"))).isTrue();
    assertThat(p.permitsRetryAfter(new RuntimeException(new ConnectException("refused"))))
        .isTrue();
    assertThat(p.permitsRetryAfter(new IOException("reset after sending"))).isFalse();
  }
}

package dev.s2reactive.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainHashTest {

  @Test
  void deterministicAndDependsOnPreviousHashAndEveryByte() {
    byte[] body = new byte[37];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    long h = ChainHash.next(0, body);
    assertThat(ChainHash.next(0, body)).isEqualTo(h);
    assertThat(ChainHash.next(1, body)).isNotEqualTo(h);
    Set<Long> seen = new HashSet<>();
    seen.add(h);
    for (int i = 0; i < body.length; i++) {
      byte[] changed = body.clone();
      changed[i] ^= 1;
      assertThat(seen.add(ChainHash.next(0, changed))).as("flip at %d", i).isTrue();
    }
  }

  @Test
  void lengthMatters() {
    assertThat(ChainHash.next(0, new byte[8])).isNotEqualTo(ChainHash.next(0, new byte[9]));
    assertThat(ChainHash.next(0, new byte[0])).isNotEqualTo(ChainHash.next(0, new byte[1]));
  }

  @Test
  void offsetAndLengthSelectASlice() {
    byte[] body = {9, 1, 2, 3, 9};
    assertThat(ChainHash.next(5, body, 1, 3)).isEqualTo(ChainHash.next(5, new byte[] {1, 2, 3}));
  }
}

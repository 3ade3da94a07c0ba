package dev.s2reactive.server.internal.http.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.sse.LastEventId;
import dev.s2reactive.server.internal.engine.ReadRequest;
import dev.s2reactive.server.internal.engine.ReadStart;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Strict parsing of the read query, and Last-Event-ID resumption arithmetic. */
class ReadQueryTest {

  @Test
  void defaultsToTheTailWithNothingBounded() {
    ReadRequest request = ReadQuery.parse("/v1/streams/s/records");
    assertThat(request.start()).isEqualTo(ReadStart.tail());
    assertThat(request.clamp()).isFalse();
    assertThat(request.isBounded()).isFalse();
    assertThat(request.waitTime()).isEmpty();
  }

  @Test
  void parsesEveryParameter() {
    ReadRequest request = ReadQuery.parse(
        "/x?timestamp=5&clamp=true&count=18446744073709551615&bytes=%31%30&until=6&wait=60&z=q");
    assertThat(request.start()).isEqualTo(ReadStart.timestamp(5));
    assertThat(request.clamp()).isTrue();
    assertThat(request.count()).hasValue(-1L); // u64::MAX, unsigned in a long
    assertThat(request.bytes()).hasValue(10);
    assertThat(request.until()).hasValue(6);
    assertThat(request.waitTime()).hasValue(Duration.ofSeconds(60));
  }

  @Test
  void rejectsMalformedValuesWithBadQuery() {
    for (String query : new String[] {"?wait=-1", "?count=0x10", "?tail_offset= 1", "?until=1e3",
        "?clamp=TRUE", "?clamp=", "?bytes=%zz"}) {
      assertThatThrownBy(() -> ReadQuery.parse("/x" + query))
          .as(query)
          .isInstanceOfSatisfying(S2Exception.class,
              e -> assertThat(e.code()).isEqualTo("bad_query"));
    }
  }

  @Test
  void resumptionStartsAfterTheLastIdAndSubtractsWhatWasDelivered() {
    ReadRequest original = ReadQuery.parse("/x?tail_offset=3&count=10&until=99&wait=2");
    ReadRequest resumed = ReadQuery.resume(original, new LastEventId(41, 4, 77));
    assertThat(resumed.start()).isEqualTo(ReadStart.seqNum(42));
    assertThat(resumed.count()).hasValue(6);
    assertThat(resumed.bytes()).isEmpty();
    assertThat(resumed.until()).hasValue(99);
    assertThat(resumed.waitTime()).hasValue(Duration.ofSeconds(2));

    ReadRequest saturated = ReadQuery.resume(
        ReadQuery.parse("/x?count=3&bytes=50"), new LastEventId(1, 5, 80));
    assertThat(saturated.count()).isEqualTo(OptionalLong.of(0));
    assertThat(saturated.bytes()).isEqualTo(OptionalLong.of(0));
  }
}

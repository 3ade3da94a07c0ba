package dev.s2reactive.core.internal.codec.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import dev.s2reactive.core.model.ReadBatch;
import dev.s2reactive.core.model.SequencedRecord;
import dev.s2reactive.core.model.StreamPosition;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtoCodecByteBufTest {

  @Test
  void messagesSpreadOverSeveralDirectBuffersDecodeLikeTheirBytes() {
    Random random = new Random(3);
    // largest first: later, smaller messages reuse a scratch array holding an earlier one's bytes
    for (int records : new int[] {900, 40, 3, 0}) {
      List<SequencedRecord> list = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        byte[] body = new byte[random.nextInt(2000)];
        random.nextBytes(body);
        List<Header> headers = i % 3 == 0 ? List.of()
            : i % 3 == 1 ? List.of(Header.of("hash", "x" + i))
            : List.of(Header.of("a", "1"), Header.of("", "command"), Header.of("a", "2"));
        list.add(new SequencedRecord(i, 7L * i, headers, Bytes.copyOf(body)));
      }
      ReadBatch batch = ReadBatch.of(list, StreamPosition.of(records, 99));
      byte[] encoded = ProtoCodec.encode(batch);
      List<ByteBuf> parts = new ArrayList<>();
      for (int i = 0; i < encoded.length; ) {
        int n = Math.min(encoded.length - i, 1 + random.nextInt(20_000));
        parts.add(Unpooled.directBuffer(n).writeBytes(encoded, i, n));
        i += n;
      }
      parts.add(Unpooled.directBuffer(1)); // an empty part
      ByteBuf composite = Unpooled.wrappedBuffer(parts.size(), parts.toArray(new ByteBuf[0]));

      assertThat(ProtoCodec.decodeReadBatch(composite)).isEqualTo(batch);
      assertThat(composite.isReadable()).isFalse();
      composite.release();
    }
  }
}

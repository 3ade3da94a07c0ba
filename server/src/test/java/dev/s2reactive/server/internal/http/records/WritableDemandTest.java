package dev.s2reactive.server.internal.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.publisher.TestPublisher;

class WritableDemandTest {

  /** Asks for 128 items up front and writes each one at once, as Reactor Netty's send does. */
  private static final class Writer extends BaseSubscriber<ByteBuf> {
    final EmbeddedChannel channel;
    final List<ChannelPromise> promises = new CopyOnWriteArrayList<>();
    volatile boolean completed;

    Writer(EmbeddedChannel channel) {
      this.channel = channel;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      request(128);
    }

    @Override
    protected void hookOnNext(ByteBuf item) {
      ChannelPromise promise = channel.newPromise();
      promises.add(promise);
      channel.write(item, promise);
    }

    @Override
    protected void hookOnComplete() {
      completed = true;
    }
  }

  @Test
  void requestsOnlyAsManyAsMayWaitUnwrittenAndMoreOnceTheyAreWritten() {
    EmbeddedChannel channel = new EmbeddedChannel();
    TestPublisher<ByteBuf> session = TestPublisher.create();
    Writer writer = new Writer(channel);

    WritableDemand.gate(session.flux(), channel).subscribe(writer);
    int max = WritableDemand.MAX_UNWRITTEN;
    session.assertMinRequested(max).assertMaxRequested(max);
    assertThat(gates(channel)).isEqualTo(1);

    IntStream.range(0, max).forEach(i -> session.next(Unpooled.wrappedBuffer(new byte[] {(byte) i})));
    session.assertMaxRequested(0); // the peer is not reading: nothing more is asked for

    channel.flush();
    session.assertMinRequested(max);
    assertThat(writer.promises).hasSize(max).allMatch(ChannelPromise::isSuccess);

    session.next(Unpooled.wrappedBuffer(new byte[] {(byte) max})).complete();
    channel.flush();
    channel.runPendingTasks();

    assertThat(writer.completed).isTrue();
    assertThat(gates(channel)).isZero();
    List<Object> out = List.copyOf(channel.outboundMessages());
    assertThat(out).hasSize(max + 1);
    for (int i = 0; i <= max; i++) {
      assertThat(((ByteBuf) out.get(i)).getByte(0)).isEqualTo((byte) i);
    }
  }

  @Test
  void cancellingRemovesTheHandlerAndCancelsTheSession() {
    EmbeddedChannel channel = new EmbeddedChannel();
    TestPublisher<ByteBuf> session = TestPublisher.create();
    Writer writer = new Writer(channel);

    WritableDemand.gate(session.flux(), channel).subscribe(writer);
    writer.cancel();
    channel.runPendingTasks();

    session.assertCancelled();
    assertThat(gates(channel)).isZero();
  }

  private static long gates(EmbeddedChannel channel) {
    return channel.pipeline().names().stream().filter(n -> n.startsWith("s2.writableDemand"))
        .count();
  }
}

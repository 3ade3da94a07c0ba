package dev.s2reactive.server.internal.http.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.publisher.TestPublisher;

class WritableDemandTest {

  /** Asks for all items and writes each one at once, as Reactor Netty's send does. */
  private static final class Writer extends BaseSubscriber<ByteBuf> {
    final EmbeddedChannel channel;
    final List<ChannelPromise> promises = new CopyOnWriteArrayList<>();
    volatile boolean completed;

    Writer(EmbeddedChannel channel) {
      this.channel = channel;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      request(Long.MAX_VALUE);
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
  void smallItemsFlowAsManyAsTheWriterAsksForButNoMoreUntilWritten() {
    EmbeddedChannel channel = new EmbeddedChannel();
    TestPublisher<ByteBuf> session = TestPublisher.create();
    Writer writer = new Writer(channel);

    WritableDemand.gate(session.flux(), channel).subscribe(writer);
    session.assertMinRequested(WritableDemand.MIN_UNWRITTEN)
        .assertMaxRequested(WritableDemand.MIN_UNWRITTEN);
    assertThat(gates(channel)).isEqualTo(1);

    int max = WritableDemand.MAX_UNWRITTEN;
    for (int i = 0; i < max; i++) {
      session.next(item(i, 1));
    }
    session.assertMaxRequested(0); // all written, none written out: the peer is not reading

    channel.flush();
    session.assertMinRequested(max);
    assertThat(writer.promises).hasSize(max).allMatch(ChannelPromise::isSuccess);

    session.next(item(max, 1)).complete();
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
  void largeItemsAreRequestedOnlyWithinTheByteBudget() {
    EmbeddedChannel channel = new EmbeddedChannel();
    TestPublisher<ByteBuf> session = TestPublisher.create();
    Writer writer = new Writer(channel);
    int size = 1024 * 1024;
    int fit = WritableDemand.BUDGET_BYTES / size;

    WritableDemand.gate(session.flux(), channel).subscribe(writer);
    int sent = 0;
    while (sent < fit) {
      session.next(item(sent++, size));
    }
    session.assertMaxRequested(0); // a budget's worth written, none written out

    channel.flush();
    session.assertMinRequested(fit).assertMaxRequested(fit);
    assertThat(writer.promises).hasSize(fit).allMatch(ChannelPromise::isSuccess);
  }

  private static ByteBuf item(int index, int size) {
    byte[] bytes = new byte[size];
    bytes[0] = (byte) index;
    return Unpooled.wrappedBuffer(bytes);
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

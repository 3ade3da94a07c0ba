package dev.s2reactive.server.internal.http.records;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.netty.NettyPipeline;
import reactor.util.context.Context;

/**
 * Passes the demand of a streaming response's writer on to the read session only while the items
 * requested and not yet written out stay within a budget of about {@link #BUDGET_BYTES}: as many
 * as fit at the size of the latest item, between {@link #MIN_UNWRITTEN} and {@link
 * #MAX_UNWRITTEN}; demand is replenished once half of that has been written.
 *
 * <p>Why: Reactor Netty's {@code send(Publisher)} requests 128 items up front and writes each one
 * as it arrives, whether the peer reads or not; the frames of a reader that stops reading then
 * pile up in the channel (HTTP/2 flow control, or the socket's outbound buffer). Read batches are
 * up to 1 MiB, so one stalled session held over 128 MiB of server heap. Through this gate it holds
 * a few MiB, while a reader that keeps up still has that much queued ahead of its flow-control
 * window (no bubble when the window opens), and small live batches still flow 128 at a time.
 *
 * <p>It is also the pipeline handler that sees the writes complete: one per subscription, added
 * before Reactor Netty's bridge when the subscription starts (on the event loop) and removed when
 * it ends. Requests happen in a serialized drain loop.
 */
final class WritableDemand<T> extends ChannelOutboundHandlerAdapter
    implements CoreSubscriber<T>, Subscription {

  /** Bytes of items requested and not yet written out that the gate aims for. */
  static final int BUDGET_BYTES = 4 * 1024 * 1024;
  /** Items requested and not yet written out, at least (when items are large)... */
  static final int MIN_UNWRITTEN = 2;
  /** ...and at most (small items), as many as Reactor Netty's writer asks for itself. */
  static final int MAX_UNWRITTEN = 128;

  private static final String NAME = "s2.writableDemand.";
  private static final AtomicLongFieldUpdater<WritableDemand> DEMAND =
      AtomicLongFieldUpdater.newUpdater(WritableDemand.class, "demand");
  private static final AtomicIntegerFieldUpdater<WritableDemand> WIP =
      AtomicIntegerFieldUpdater.newUpdater(WritableDemand.class, "wip");
  private static final AtomicIntegerFieldUpdater<WritableDemand> UNWRITTEN =
      AtomicIntegerFieldUpdater.newUpdater(WritableDemand.class, "unwritten");

  private final Channel channel;
  private final CoreSubscriber<? super T> actual;
  private final ChannelFutureListener written = future -> {
    UNWRITTEN.decrementAndGet(this);
    drain();
  };
  private Subscription upstream;
  private volatile long demand;
  private volatile int wip;
  private volatile int unwritten;
  private volatile int limit = MIN_UNWRITTEN;
  private volatile boolean cancelled;

  private WritableDemand(Channel channel, CoreSubscriber<? super T> actual) {
    this.channel = channel;
    this.actual = actual;
  }

  /**
   * {@code body} with demand bounded by the writes still pending on {@code channel}. Must be
   * subscribed on the channel's event loop, before anything of it is written.
   */
  static <T> Flux<T> gate(Flux<T> body, Channel channel) {
    return new Flux<T>() {
      @Override
      public void subscribe(CoreSubscriber<? super T> actual) {
        WritableDemand<T> gate = new WritableDemand<>(channel, actual);
        gate.install();
        body.subscribe(gate);
      }
    };
  }

  /** Adds this handler next to Reactor Netty's bridge, where the body's writes pass. */
  private void install() {
    String name = NAME + Integer.toHexString(System.identityHashCode(this));
    if (channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
      channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, name, this);
    } else {
      channel.pipeline().addLast(name, this);
    }
  }

  private void uninstall() {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(this::uninstall);
    } else if (channel.pipeline().context(this) != null) {
      channel.pipeline().remove(this);
    }
  }

  // ---- pipeline ----

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!isBodyItem(msg)) {
      ctx.write(msg, promise);
      return;
    }
    // The writer's promise may refuse listeners (Reactor Netty's does): complete it from ours.
    ChannelPromise ours = ctx.newPromise();
    ours.addListener(written);
    ours.addListener((ChannelFuture future) -> {
      if (future.isSuccess()) {
        promise.trySuccess();
      } else {
        promise.tryFailure(future.cause());
      }
    });
    ctx.write(msg, ours);
  }

  /** One item of the body as the writer hands it on: a buffer or non-final HTTP content. */
  private static boolean isBodyItem(Object msg) {
    return msg instanceof ByteBuf
        || (msg instanceof HttpContent && !(msg instanceof LastHttpContent));
  }

  // ---- upstream ----

  @Override
  public void onSubscribe(Subscription s) {
    if (Operators.validate(upstream, s)) {
      upstream = s;
      actual.onSubscribe(this);
    }
  }

  @Override
  public void onNext(T item) {
    int size = item instanceof ByteBuf buffer ? buffer.readableBytes() : 0;
    limit = Math.max(MIN_UNWRITTEN, Math.min(MAX_UNWRITTEN, BUDGET_BYTES / Math.max(1, size)));
    actual.onNext(item);
    drain(); // the limit may have grown
  }

  @Override
  public void onError(Throwable error) {
    uninstall();
    actual.onError(error);
  }

  @Override
  public void onComplete() {
    uninstall();
    actual.onComplete();
  }

  @Override
  public Context currentContext() {
    return actual.currentContext();
  }

  // ---- downstream ----

  @Override
  public void request(long n) {
    if (Operators.validate(n)) {
      Operators.addCap(DEMAND, this, n);
      drain();
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    uninstall();
    upstream.cancel();
  }

  /** Tops up the requested items to the limit once half of it has been written, if demanded. */
  private void drain() {
    if (WIP.getAndIncrement(this) != 0) {
      return;
    }
    int missed = 1;
    do {
      int room = limit - unwritten;
      long wanted = demand;
      if (!cancelled && wanted > 0 && room > 0 && (room >= limit / 2 || unwritten == 0)) {
        int n = (int) Math.min(room, wanted);
        if (wanted != Long.MAX_VALUE) {
          DEMAND.addAndGet(this, -n);
        }
        UNWRITTEN.addAndGet(this, n);
        upstream.request(n);
      }
      missed = WIP.addAndGet(this, -missed);
    } while (missed != 0);
  }
}

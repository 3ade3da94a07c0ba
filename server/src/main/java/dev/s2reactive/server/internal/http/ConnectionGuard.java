package dev.s2reactive.server.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes HTTP/1.1 connections that hold server resources without making progress, while never
 * touching a request that is being served (so a read session or append session may last forever):
 *
 * <ul>
 *   <li>a connection with no request in progress that receives nothing for {@link
 *       HttpLimits#idleTimeout()} (many idle connections);
 *   <li>a request head that has started but is not complete within {@link
 *       HttpLimits#requestHeadTimeout()} (slowloris: a head trickled in byte by byte).
 * </ul>
 *
 * <p>Two handlers share one state: one before the HTTP codec sees raw bytes (a new head starting),
 * one after it sees decoded requests and the end of each response. A connection that switches to
 * HTTP/2 (h2c upgrade or prior knowledge) loses its HTTP/1.1 codec; the guard then removes itself.
 * Everything runs on the connection's event loop; not thread-safe, one instance per connection.
 */
public final class ConnectionGuard {

  static final String BYTES = "s2.guard.bytes";
  static final String MESSAGES = "s2.guard.messages";

  private final HttpLimits limits;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private int requestsInFlight;
  private boolean headStarted;

  private ConnectionGuard(HttpLimits limits) {
    this.limits = limits;
  }

  /**
   * Installs the guard around the HTTP/1.1 codec of a freshly initialized connection pipeline;
   * does nothing when the pipeline has no such codec.
   */
  public static void install(ChannelPipeline pipeline, HttpLimits limits) {
    String decoded = lastHttp11Decoder(pipeline);
    if (decoded == null) {
      return;
    }
    ConnectionGuard guard = new ConnectionGuard(limits);
    pipeline.addBefore(pipeline.context(HttpServerCodec.class).name(), BYTES, guard.new Bytes());
    pipeline.addAfter(decoded, MESSAGES, guard.new Messages());
  }

  /**
   * The name of the handler after which HTTP/1.1 requests are fully decoded: the h2c upgrade
   * handler when there is one, else the codec; null when the pipeline has no HTTP/1.1 codec.
   */
  static String lastHttp11Decoder(ChannelPipeline pipeline) {
    ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
    if (codec == null) {
      return null;
    }
    ChannelHandlerContext upgrade = pipeline.context(HttpServerUpgradeHandler.class);
    return upgrade != null ? upgrade.name() : codec.name();
  }

  private boolean isHttp11() {
    return ctx.pipeline().get(HttpServerCodec.class) != null;
  }

  private void arm(long millis) {
    cancel();
    timer = ctx.executor().schedule(this::expired, millis, TimeUnit.MILLISECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    timer = null;
    if (!isHttp11()) {
      uninstall();
      return;
    }
    if (requestsInFlight == 0) {
      ctx.close();
    }
  }

  private void uninstall() {
    cancel();
    ChannelPipeline pipeline = ctx.pipeline();
    if (pipeline.get(BYTES) != null) {
      pipeline.remove(BYTES);
    }
    if (pipeline.get(MESSAGES) != null) {
      pipeline.remove(MESSAGES);
    }
  }

  /** Before the codec: the first byte of a new request head starts the head deadline. */
  private final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext context) {
      ctx = context;
      arm(limits.idleTimeout().toMillis());
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
      if (!isHttp11()) {
        uninstall();
      } else if (requestsInFlight == 0
          && !headStarted
          && msg instanceof ByteBuf bytes
          && bytes.isReadable()) {
        headStarted = true;
        arm(limits.requestHeadTimeout().toMillis());
      }
      context.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
      cancel();
      context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
      cancel();
    }
  }

  /** A 1xx response (such as 100 Continue) does not end the exchange. */
  private static boolean isInformational(Object msg) {
    return msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
  }

  /** After the codec: a decoded request stops the clock; the end of its response restarts it. */
  private final class Messages extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
      if (msg instanceof HttpRequest) {
        requestsInFlight++;
        headStarted = false;
        cancel();
      }
      super.channelRead(context, msg);
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise)
        throws Exception {
      if (msg instanceof LastHttpContent && !isInformational(msg) && requestsInFlight > 0) {
        requestsInFlight--;
        if (requestsInFlight == 0 && !headStarted) {
          arm(limits.idleTimeout().toMillis());
        }
      }
      super.write(context, msg, promise);
    }
  }
}

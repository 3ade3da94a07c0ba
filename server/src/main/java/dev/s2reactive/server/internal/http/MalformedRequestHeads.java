package dev.s2reactive.server.internal.http;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.codec.json.ErrorResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Answers an HTTP/1.1 request head that the decoder could not decode with an S2 error body
 * (protocol §10) instead of the framework's empty one: a request line over {@link
 * HttpLimits#maxInitialLineLength()} is 414 {@code bad_path}, a header block over {@link
 * HttpLimits#maxHeaderSize()} is 431 {@code bad_header}, any other malformed head is 400 {@code
 * bad_header}. The connection is then closed: the decoder has discarded the rest of its bytes, so
 * no further request can follow on it. Well-formed requests pass through untouched; on a
 * connection that switches to HTTP/2 the handler removes itself at the first frame. Each refusal
 * is logged at debug level, without the head. Runs on the connection's event loop; stateless apart
 * from the limits it reports.
 */
public final class MalformedRequestHeads extends ChannelInboundHandlerAdapter {

  static final String NAME = "s2.malformedRequestHeads";

  private static final Logger LOG = Loggers.getLogger(MalformedRequestHeads.class);

  private final HttpLimits limits;

  private MalformedRequestHeads(HttpLimits limits) {
    this.limits = limits;
  }

  /**
   * Installs the handler after the HTTP/1.1 codec (after the h2c upgrade handler when there is
   * one) of a freshly initialized connection pipeline; does nothing when there is no such codec.
   */
  public static void install(ChannelPipeline pipeline, HttpLimits limits) {
    String decoded = ConnectionGuard.lastHttp11Decoder(pipeline);
    if (decoded != null) {
      pipeline.addAfter(decoded, NAME, new MalformedRequestHeads(limits));
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HttpObject)) {
      // The connection switched to HTTP/2 (prior knowledge or h2c upgrade) and this handler now
      // sits between the frame codec and the stream multiplexer: step out of every frame's way.
      ctx.pipeline().remove(this);
      ctx.fireChannelRead(msg);
      return;
    }
    if (!(msg instanceof HttpRequest request) || request.decoderResult().isSuccess()) {
      ctx.fireChannelRead(msg);
      return;
    }
    Throwable cause = request.decoderResult().cause();
    ReferenceCountUtil.release(msg);
    ErrorResponse error = render(cause);
    // Only the kind of failure: the head, and the cause's message, may carry a token.
    LOG.debug("Decoding failed: {} ({})", error.status(), cause.getClass().getSimpleName());
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(error.status()),
            Unpooled.wrappedBuffer(error.body()));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, error.body().length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private ErrorResponse render(Throwable cause) {
    S2Exception error;
    if (cause instanceof TooLongHttpLineException) {
      error =
          S2Exception.of(
              HttpResponseStatus.REQUEST_URI_TOO_LONG.code(),
              ErrorCode.BAD_PATH.wireName(),
              "request line exceeds the limit of " + limits.maxInitialLineLength() + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error =
          S2Exception.of(
              HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.code(),
              ErrorCode.BAD_HEADER.wireName(),
              "request headers exceed the limit of " + limits.maxHeaderSize() + " bytes");
    } else {
      error = S2Exception.of(ErrorCode.BAD_HEADER, "malformed HTTP request head");
    }
    return ErrorResponses.render(error);
  }
}

package dev.s2reactive.server.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;

/**
 * The server's accepted connections, so that closing the server closes them too: disposing a
 * Reactor Netty server only closes its listening socket, and a kept-alive connection would go on
 * serving requests against closed storage. A connection accepted while the server closes (it was
 * already in the listen backlog) is closed as soon as it is initialised. Thread-safe.
 */
public final class OpenConnections {

  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private volatile boolean closed;

  /** Called for each accepted connection, on its event loop. */
  public void add(Channel channel) {
    channels.add(channel);
    // checked after adding: either closeAll's snapshot has this channel, or closed is seen here
    if (closed) {
      channel.close();
    }
  }

  /** Closes every connection, now and later ones, waiting at most {@code timeout}. */
  public void closeAll(Duration timeout) {
    closed = true;
    // Frames already written (the terminal frames of drained sessions) go out first: a close
    // discards whatever is still unflushed.
    channels.flush();
    channels.close().awaitUninterruptibly(timeout.toMillis());
  }
}

package dev.s2reactive.server.internal.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  /**
   * Waits (at most {@code timeout} per round) until every connection's event loop has run what was
   * queued on it before this call, and then what those tasks queued in turn (a write queues its
   * flush): frames that sessions were just handed, such as drained sessions' terminal frames, are
   * then on the wire.
   */
  public void settle(Duration timeout) {
    for (int round = 0; round < 2; round++) {
      Set<EventLoop> loops = new HashSet<>();
      channels.forEach(channel -> loops.add(channel.eventLoop()));
      List<Future<?>> barriers = new ArrayList<>();
      for (EventLoop loop : loops) {
        if (!loop.inEventLoop()) {
          barriers.add(loop.submit(() -> { }));
        }
      }
      barriers.forEach(barrier -> barrier.awaitUninterruptibly(timeout.toMillis()));
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

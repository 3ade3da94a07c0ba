package dev.s2reactive.server.internal.engine;

import dev.s2reactive.server.internal.metrics.ServerMetrics;
import java.util.Arrays;
import java.util.List;

/**
 * The live readers of one stream. Publishing walks an immutable array (copy on write), so the
 * writer never waits for a reader and adding or removing a reader never blocks publishing.
 */
final class FollowerRegistry {

  private static final Follower[] NONE = new Follower[0];

  private final ServerMetrics metrics;
  private volatile Follower[] followers = NONE;

  FollowerRegistry(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  synchronized void add(Follower follower) {
    Follower[] current = followers;
    Follower[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = follower;
    followers = next;
    metrics.followerAdded();
  }

  synchronized void remove(Follower follower) {
    Follower[] current = followers;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == follower) {
        Follower[] next = new Follower[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        followers = next;
        metrics.followerRemoved();
        return;
      }
    }
  }

  int size() {
    return followers.length;
  }

  /** The current followers (for tests). */
  List<Follower> snapshot() {
    return List.of(followers);
  }

  void publish(SharedBatch batch) {
    for (Follower follower : followers) {
      follower.onLive(batch);
    }
  }

  void tailMoved() {
    for (Follower follower : followers) {
      follower.onTailMoved();
    }
  }

  void fail(Throwable error) {
    for (Follower follower : followers) {
      follower.onStreamError(error);
    }
  }
}

package dev.s2reactive.server.internal.auth;

import static dev.s2reactive.server.internal.auth.AccessTokensTest.assertAuthn;
import static dev.s2reactive.server.internal.auth.AccessTokensTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.model.AccessTokenScope;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.IssueAccessTokenRequest;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ResourceSet;
import dev.s2reactive.server.internal.storage.MetaBatch;
import dev.s2reactive.server.internal.storage.MetaStore;
import dev.s2reactive.server.internal.storage.memory.InMemoryStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Storage failures and concurrent changes to the same id. */
class AccessTokensFailureTest {

  private static final AccessTokenScope READ =
      AccessTokenScope.builder()
          .basins(ResourceSet.prefix(""))
          .streams(ResourceSet.prefix(""))
          .ops(Operation.READ)
          .build();

  /** Delegates to memory, but fails writes while {@link #failing} is set. */
  private static final class FlakyStore implements MetaStore {
    final InMemoryStorage delegate = new InMemoryStorage();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public Optional<Bytes> get(Bytes key) {
      return delegate.get(key);
    }

    @Override
    public List<MetaEntry> scan(Bytes prefix, Bytes startAfter, int limit) {
      return delegate.scan(prefix, startAfter, limit);
    }

    @Override
    public CompletableFuture<Void> write(MetaBatch batch) {
      if (failing.get()) {
        return CompletableFuture.failedFuture(new java.io.IOException("disk on fire"));
      }
      return delegate.write(batch);
    }
  }

  private final FlakyStore store = new FlakyStore();
  private final AccessTokens tokens =
      AccessTokens.load(store, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
  private final Principal root =
      tokens.authenticate(RootToken.bootstrap(tokens, store, Optional.empty()).orElseThrow());

  @AfterEach
  void tearDown() {
    store.delegate.close();
  }

  @Test
  void aFailedIssueLeavesNoTokenAndFreesTheId() {
    store.failing.set(true);
    S2Exception e = failure(() -> tokens.issue(root, IssueAccessTokenRequest.of("t", READ)));
    assertThat(e.code()).isEqualTo("storage");
    assertThat(tokens.exists("t")).isFalse();

    store.failing.set(false);
    String secret = tokens.issue(root, IssueAccessTokenRequest.of("t", READ)).join();
    tokens.authenticate(secret);
  }

  @Test
  void aFailedRevokeKeepsTheTokenWorking() {
    String secret = tokens.issue(root, IssueAccessTokenRequest.of("t", READ)).join();
    store.failing.set(true);
    assertThat(failure(() -> tokens.revoke(root, "t")).code()).isEqualTo("storage");
    tokens.authenticate(secret);
    assertThat(tokens.exists("t")).isTrue();

    store.failing.set(false);
    tokens.revoke(root, "t").join();
    assertAuthn(() -> tokens.authenticate(secret));
    // What is stored agrees with memory.
    AccessTokens reloaded = AccessTokens.load(store, java.time.Clock.systemUTC());
    assertThat(reloaded.exists("t")).isFalse();
  }

  @Test
  void concurrentIssuesOfOneIdHaveOneWinner() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 20; round++) {
        String id = "race-" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      tokens.issue(root, IssueAccessTokenRequest.of(id, READ)).join();
                      return true;
                    } catch (S2Exception e) {
                      assertThat(e.code()).isEqualTo("resource_already_exists");
                      return false;
                    }
                  }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> result : results) {
          winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).as(id).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

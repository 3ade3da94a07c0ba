package dev.s2reactive.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {

  @Test
  void requestsWhatTheEstimateAllows() {
    InFlightBudget budget = new InFlightBudget(1000, 1000, 100);
    assertThat(budget.claimDemand()).isEqualTo(10);
    assertThat(budget.outstanding()).isEqualTo(10);
    assertThat(budget.claimDemand()).isZero(); // all of it is spoken for
  }

  @Test
  void stopsAtTheExactLimitAndResumesOnRelease() {
    InFlightBudget budget = new InFlightBudget(1000, 1000, 100);
    assertThat(budget.claimDemand()).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      budget.onReceived(100);
    }
    assertThat(budget.heldBytes()).isEqualTo(1000);
    assertThat(budget.availableBytes()).isZero();
    assertThat(budget.outstanding()).isZero();
    assertThat(budget.claimDemand()).isZero();
    budget.release(99);
    assertThat(budget.claimDemand()).isZero(); // 99 free bytes < one 100-byte record
    budget.release(1);
    assertThat(budget.claimDemand()).isEqualTo(1);
  }

  @Test
  void estimateFollowsObservedRecordSizes() {
    InFlightBudget budget = new InFlightBudget(1000, 1000, 100);
    budget.claimDemand();
    for (int i = 0; i < 10; i++) {
      budget.onReceived(10); // records are smaller than guessed
    }
    budget.release(100);
    assertThat(budget.claimDemand()).isEqualTo(100); // 1000 free / 10 bytes
  }

  @Test
  void outstandingIsCapped() {
    InFlightBudget budget = new InFlightBudget(1_000_000, 16, 10);
    assertThat(budget.claimDemand()).isEqualTo(16);
    budget.onReceived(10);
    assertThat(budget.claimDemand()).isEqualTo(1);
  }

  @Test
  void recordLargerThanBudgetDoesNotStall() {
    InFlightBudget budget = new InFlightBudget(100, 10, 1000);
    assertThat(budget.claimDemand()).isEqualTo(1);
    budget.onReceived(500);
    assertThat(budget.claimDemand()).isZero();
    budget.release(500);
    assertThat(budget.claimDemand()).isEqualTo(1);
  }

  @Test
  void releasingMoreThanHeldIsAnError() {
    InFlightBudget budget = new InFlightBudget(100, 10, 10);
    budget.onReceived(5);
    assertThatThrownBy(() -> budget.release(6)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new InFlightBudget(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentReceiveAndReleaseBalance() throws Exception {
    InFlightBudget budget = new InFlightBudget(Long.MAX_VALUE / 2, 1, 1);
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      Future<?> producer =
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  budget.onReceived(3);
                }
                return null;
              });
      Future<?> acker =
          pool.submit(
              () -> {
                start.await();
                int released = 0;
                while (released < perThread && !Thread.currentThread().isInterrupted()) {
                  if (budget.heldBytes() >= 3) {
                    budget.release(3);
                    released++;
                  } else {
                    Thread.onSpinWait();
                  }
                }
                return null;
              });
      start.countDown();
      producer.get(30, TimeUnit.SECONDS);
      acker.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(budget.heldBytes()).isZero();
  }
}

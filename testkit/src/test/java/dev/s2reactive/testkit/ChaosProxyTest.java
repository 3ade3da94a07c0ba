package dev.s2reactive.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy forwards bytes faithfully and injects the faults it is asked for. */
@Timeout(30)
class ChaosProxyTest {

  private ServerSocket echo;

  @BeforeEach
  void startEchoServer() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread pump =
                      new Thread(
                          () -> {
                            try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                              in.transferTo(out);
                            } catch (IOException ignored) {
                              // reset by a cut
                            }
                          });
                  pump.setDaemon(true);
                  pump.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void stopEchoServer() throws IOException {
    echo.close();
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes {@code data} on one thread, reads the echo until EOF. */
  private static byte[] roundTrip(ChaosProxy proxy, byte[] data) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  s.getOutputStream().write(data);
                  s.shutdownOutput();
                } catch (IOException ignored) {
                  // the reader sees the failure
                }
              });
      writer.start();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      s.getInputStream().transferTo(got);
      writer.join();
      return got.toByteArray();
    }
  }

  @Test
  void forwardsEveryByteInOrderUnderDelaysChunksAndStalls() throws Exception {
    try (ChaosProxy proxy = ChaosProxy.builder(echo.getLocalPort()).bufferBytes(4096).start()) {
      byte[] data = randomBytes(300_000, 1);
      assertThat(roundTrip(proxy, data)).isEqualTo(data);

      proxy.delay(ChaosProxy.Direction.UPSTREAM, Duration.ofMillis(2));
      proxy.splitWrites(ChaosProxy.Direction.DOWNSTREAM, 7);
      proxy.randomFaults(
          ChaosProxy.RandomFaults.defaults()
              .withBytesBetween(10_000, 40_000)
              .withWeights(0, 1, 1, 1)
              .withMaxStall(Duration.ofMillis(50)));
      byte[] more = randomBytes(100_000, 2);
      assertThat(roundTrip(proxy, more)).isEqualTo(more);
      ChaosProxy.Counters c = proxy.counters();
      assertThat(c.accepted()).isEqualTo(2);
      assertThat(c.cuts()).isZero();
      assertThat(c.delays()).isPositive();
      assertThat(c.splits()).isPositive();
      assertThat(c.chunkedWrites()).isPositive();
      assertThat(c.faults()).isGreaterThan(3);
      assertThat(c.bytesUpstream()).isEqualTo(400_000);
      assertThat(c.bytesDownstream()).isEqualTo(400_000);
    }
  }

  @Test
  void cutsAfterExactlyTheRequestedBytes() throws Exception {
    try (ChaosProxy proxy = ChaosProxy.start(echo.getLocalPort());
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      proxy.cutAfter(ChaosProxy.Direction.DOWNSTREAM, 1000);
      s.getOutputStream().write(new byte[5000]);
      InputStream in = s.getInputStream();
      long got = 0;
      try {
        for (int b; (b = in.read()) >= 0; ) {
          got++;
        }
      } catch (IOException reset) {
        // the cut is a reset
      }
      assertThat(got).isEqualTo(1000);
      assertThat(proxy.counters().cuts()).isEqualTo(1);
    }
  }

  @Test
  void cutAllResetsOpenConnectionsAndLaterOnesWork() throws Exception {
    try (ChaosProxy proxy = ChaosProxy.start(echo.getLocalPort());
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.getOutputStream().write(1);
      assertThat(s.getInputStream().read()).isEqualTo(1);
      proxy.cutAll();
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 1000; i++) {
                  s.getOutputStream().write(new byte[1024]);
                  if (s.getInputStream().read() < 0) {
                    throw new IOException("closed");
                  }
                }
              })
          .isInstanceOf(IOException.class);
      byte[] data = randomBytes(1000, 3);
      assertThat(roundTrip(proxy, data)).isEqualTo(data);
      assertThat(proxy.counters().cuts()).isEqualTo(1);
    }
  }

  @Test
  void stallHoldsBytesBack() throws Exception {
    try (ChaosProxy proxy = ChaosProxy.start(echo.getLocalPort());
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.getOutputStream().write(1);
      assertThat(s.getInputStream().read()).isEqualTo(1);
      proxy.stallAll(Duration.ofMillis(300));
      // the stall takes effect on the proxy's thread; wait until it is counted
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (proxy.counters().stalls() == 0) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.onSpinWait();
      }
      long start = System.nanoTime();
      s.getOutputStream().write(2);
      assertThat(s.getInputStream().read()).isEqualTo(2);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(200));
    }
  }
}

package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.proxy.sse.StreamTaps;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /healthz}'s verdict: not ok whenever the proxy cannot serve. */
class HealthTest {

  private TestBackend backend;
  private ProxyServer proxy;

  @AfterEach
  void stop() throws Exception {
    ProxyFixture.stop(proxy, backend);
  }

  @Test
  void anEventLoopThatStoppedMakesTheProxyUnhealthy() throws Exception {
    backend = new TestBackend((req, c) -> false);
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);
    assertThat(proxy.healthProblem()).isNull();
    EventExecutor loop = proxy.eventLoops().next();
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.healthProblem() != null);
    assertThat(proxy.healthProblem()).startsWith("not ok:");
  }

  @Test
  void aShutdownSaysSo() throws Exception {
    backend = new TestBackend((req, c) -> false);
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);
    proxy.shutdown(Duration.ZERO);
    assertThat(proxy.healthProblem()).isEqualTo("shutting down");
  }
}

package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fuzz rig sees what its fuzz tests rely on it to see: leaks and escaped exceptions. */
class LoopbackFuzzRigTest {

  private static final byte[] GET =
      "GET /a HTTP/1.1\r\nHost: app.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private static LoopbackFuzzRig rig;

  @BeforeAll
  static void start() throws Exception {
    rig = new LoopbackFuzzRig();
  }

  @AfterAll
  static void stop() throws Exception {
    rig.close();
  }

  @Test
  void aCleanExchangeHasNoProblems() throws Exception {
    LoopbackFuzzRig.Outcome out = rig.exchange(GET);
    assertThat(rig.takeProblems()).isEmpty();
    assertThat(out.begun()).hasSize(1);
    assertThat(out.backendConns()).hasSize(1);
    assertThat(out.backendConns().get(0).requests).hasSize(1);
    assertThat(new String(out.clientReceived(), StandardCharsets.US_ASCII))
        .startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void aLeakedBufferIsReported() {
    leakOne();
    // The detector sees the buffer only once a collection has found it unreachable.
    List<String> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              LoopbackFuzzRig.checkLeaks();
              seen.addAll(rig.takeProblems());
              assertThat(seen).anySatisfy(p -> assertThat(p).startsWith("LEAK"));
            });
  }

  @Test
  void anExceptionTheProxyLogsIsReported() throws Exception {
    Logger.getLogger("dev.ssewatch.proxy.frontend.FrontendHandler")
        .log(Level.FINE, "client connection failed: {0}", "java.lang.IllegalStateException: boom");
    assertThat(rig.takeProblems()).anySatisfy(p -> assertThat(p).contains("boom"));
  }

  private static void leakOne() {
    ByteBuf b = Unpooled.directBuffer(8);
    b.writeByte(1);
    // Dropped without release: the detector reports it once it has been collected.
  }
}

package dev.ssewatch.proxy.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {

  private final EmbeddedChannel client = new EmbeddedChannel();

  @AfterEach
  void close() {
    client.finishAndReleaseAll();
  }

  @Test
  void stoppingAStreamTwiceLeavesTheOthersBeating() {
    AtomicInteger injected = new AtomicInteger();
    Heartbeats heartbeats = new Heartbeats(injected::incrementAndGet);
    long now = System.nanoTime();
    HeartbeatInjector a = heartbeats.start(client, 1_000_000_000L, "", StreamTap.NONE, now);
    HeartbeatInjector b = heartbeats.start(client, 1_000_000_000L, "", StreamTap.NONE, now);
    HeartbeatInjector c = heartbeats.start(client, 1_000_000_000L, "", StreamTap.NONE, now);
    assertThat(heartbeats.armedTimers()).isEqualTo(1);

    b.stop();
    b.stop();
    a.stop();
    assertThat(heartbeats.armedTimers()).as("c still beats").isEqualTo(1);
    a.stop();
    c.stop();
    assertThat(heartbeats.armedTimers()).isZero();
    c.stop();
    assertThat(heartbeats.armedTimers()).isZero();
    assertThat(injected).hasValue(0);
  }
}

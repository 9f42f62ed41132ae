package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client connections join the list when they become active and leave it when they close. */
class ClientConnectionsTest {

  private final ClientConnections clients = new ClientConnections();
  private final FrontendContext fc =
      new FrontendContext(null, "http", null, null, null, clients, () -> false, null);

  @Test
  void connectionsAreListedWhileOpenWhicheverOrderTheyClose() {
    List<EmbeddedChannel> open = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      open.add(new EmbeddedChannel(new FrontendHandler(fc)));
    }
    assertThat(clients.channels()).containsExactlyInAnyOrderElementsOf(open);

    // The middle, the newest, the oldest: every position in the list.
    for (int i : new int[] {1, 3, 0}) {
      EmbeddedChannel ch = open.get(i);
      ch.close().syncUninterruptibly();
      assertThat(clients.channels()).doesNotContain(ch);
    }
    assertThat(clients.channels()).containsExactly(open.get(2));
    assertThat(clients.isEmpty()).isFalse();

    open.get(2).close().syncUninterruptibly();
    assertThat(clients.channels()).isEmpty();
    assertThat(clients.isEmpty()).isTrue();
  }

  @Test
  void aHandlerThatNeverJoinedLeavesTheListAlone() {
    FrontendHandler listedHandler = new FrontendHandler(fc);
    EmbeddedChannel listed = new EmbeddedChannel(listedHandler);
    FrontendHandler neverActive = new FrontendHandler(fc);
    clients.remove(neverActive);
    clients.remove(neverActive);
    assertThat(clients.channels()).containsExactly(listed);
    EmbeddedChannel other = new EmbeddedChannel(new FrontendHandler(fc));
    listed.close().syncUninterruptibly();
    // A second removal of a handler that has left takes nothing else out.
    clients.remove(listedHandler);
    assertThat(clients.channels()).containsExactly(other);
    other.close().syncUninterruptibly();
    assertThat(clients.isEmpty()).isTrue();
  }
}

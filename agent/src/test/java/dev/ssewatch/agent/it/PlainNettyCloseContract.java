package dev.ssewatch.agent.it;

import org.junit.jupiter.api.Test;

/**
 * The plain Netty server's closes: besides a handler's close, an {@code IdleStateHandler} whose
 * event a handler answers by closing a quiet stream.
 */
interface PlainNettyCloseContract extends NettyCloseContract {

  @Test
  default void aQuietStreamAnIdleTimeoutClosesIsTheServers() throws Exception {
    assertServerClose("/sse/idle?n=1&case=idle", "idle_timeout", 1);
  }
}

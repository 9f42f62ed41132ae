package dev.ssewatch.proxy;

import org.junit.jupiter.api.AfterEach;

/**
 * A test of the proxy in front of one backend: each test starts them as it needs, and both are
 * stopped after it (the proxy at once, without a drain), whichever of them it started.
 */
abstract class ProxyTestCase {

  TestBackend backend;
  ProxyServer proxy;

  /** Runs after a subclass's own {@code @AfterEach}, which may still need them. */
  @AfterEach
  final void stopProxyAndBackend() throws Exception {
    ProxyFixture.stop(proxy, backend);
  }
}

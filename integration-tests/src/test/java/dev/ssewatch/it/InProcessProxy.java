package dev.ssewatch.it;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.proxy.ProxyConfig;
import dev.ssewatch.proxy.ProxyServer;
import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/**
 * The proxy as the tests run it in their own JVM: every path to one backend, no admin, no
 * heartbeats.
 */
final class InProcessProxy {

  private InProcessProxy() {}

  static ProxyServer start(URI backend, Settings settings) {
    ProxyConfig config =
        ProxyConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .admin(null)
            .drain(Duration.ofSeconds(2))
            .route(
                Route.all(
                    backend,
                    RouteOptions.defaults()
                        .withHeartbeat(Duration.ZERO)
                        .withConnectTimeout(Duration.ofSeconds(2))
                        .withResponseHeadersTimeout(Duration.ofSeconds(5))))
            .build();
    return ProxyServer.builder(config).settings(settings).eventLoopThreads(1).build().start();
  }
}

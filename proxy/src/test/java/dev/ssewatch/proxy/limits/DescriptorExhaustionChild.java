package dev.ssewatch.proxy.limits;

import dev.ssewatch.proxy.ClientLimits;
import dev.ssewatch.proxy.ProxyConfig;
import dev.ssewatch.proxy.ProxyServer;
import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import dev.ssewatch.proxy.Transport;
import dev.ssewatch.proxy.sse.StreamTaps;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/**
 * A proxy in a JVM of its own, started by {@link DescriptorExhaustionForkedTest} under a low
 * descriptor limit: prints its two ports, then runs until its standard input closes.
 */
public final class DescriptorExhaustionChild {

  private DescriptorExhaustionChild() {}

  public static void main(String[] args) throws Exception {
    ProxyConfig config =
        ProxyConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .admin(new InetSocketAddress("127.0.0.1", 0))
            .drain(Duration.ZERO)
            .route(Route.all(URI.create(args[0]), RouteOptions.defaults()))
            .transport(Transport.parse(args[1]))
            .limits(ClientLimits.defaults().withAcceptPausedUnhealthyAfter(Duration.ofMillis(500)))
            .threads(2)
            .build();
    try (ProxyServer proxy =
        ProxyServer.builder(config).streamTaps(StreamTaps.NONE).build().start()) {
      System.out.println("ports " + proxy.port() + " " + proxy.adminAddress().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the parent closes the pipe
      }
    }
  }
}

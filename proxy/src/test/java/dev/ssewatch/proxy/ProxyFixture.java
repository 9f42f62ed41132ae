package dev.ssewatch.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.testing.RecordingConsumer;
import dev.ssewatch.proxy.sse.StreamTaps;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Starts a proxy on an ephemeral loopback port in front of one backend. */
final class ProxyFixture {

  private ProxyFixture() {}

  static RouteOptions fastOptions() {
    return RouteOptions.defaults()
        .withHeartbeat(Duration.ZERO)
        .withConnectTimeout(Duration.ofSeconds(2))
        .withResponseHeadersTimeout(Duration.ofSeconds(5));
  }

  /** Skips (visibly) a case for a transport this platform cannot run. */
  static void assumeAvailable(Transport transport) {
    assumeTrue(
        transport.isAvailable(),
        () -> transport + " unavailable: " + transport.unavailabilityCause());
  }

  static ProxyServer start(URI backend, StreamTaps taps, Transport transport) {
    assumeAvailable(transport);
    return start(backend, taps, UnaryOperator.identity(), b -> b.transport(transport));
  }

  static ProxyServer start(URI backend, StreamTaps taps) {
    return start(backend, taps, UnaryOperator.identity(), UnaryOperator.identity());
  }

  static ProxyServer start(
      URI backend,
      StreamTaps taps,
      UnaryOperator<RouteOptions> options,
      UnaryOperator<ProxyConfig.Builder> config) {
    ProxyConfig.Builder b =
        ProxyConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .admin(null)
            .drain(Duration.ZERO)
            .route(Route.all(backend, options.apply(fastOptions())));
    return ProxyServer.builder(config.apply(b).build())
        .streamTaps(taps)
        .eventLoopThreads(1)
        .build()
        .start();
  }

  /**
   * A proxy that records nothing, with its admin listener on an ephemeral loopback port; {@code
   * config} adds to its configuration.
   */
  static ProxyServer startWithAdmin(URI backend, UnaryOperator<ProxyConfig.Builder> config) {
    return start(
        backend,
        StreamTaps.NONE,
        UnaryOperator.identity(),
        b -> config.apply(b.admin(new InetSocketAddress("127.0.0.1", 0))));
  }

  /** A proxy recording with core's recorder into {@code sink}. */
  static ProxyServer startRecording(
      URI backend, Consumer<TelemetryRecord> sink, UnaryOperator<RouteOptions> options) {
    return startRecording(backend, sink, options, Transport.auto());
  }

  /** A proxy recording with core's recorder into {@code sink}, on {@code transport}. */
  static ProxyServer startRecording(
      URI backend,
      Consumer<TelemetryRecord> sink,
      UnaryOperator<RouteOptions> options,
      Transport transport) {
    assumeAvailable(transport);
    ProxyConfig cfg =
        ProxyConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .admin(new InetSocketAddress("127.0.0.1", 0))
            .drain(Duration.ZERO)
            .route(Route.all(backend, options.apply(fastOptions())))
            .transport(transport)
            .build();
    return ProxyServer.builder(cfg)
        .settings(Settings.of(Map.of()))
        .telemetry(sink)
        .eventLoopThreads(1)
        .build()
        .start();
  }

  /** Waits for the one stream a test opened to end, and returns its end. */
  static StreamEnd awaitStreamEnd(RecordingConsumer records) {
    await().atMost(Duration.ofSeconds(30)).until(() -> !records.ofType(StreamEnd.class).isEmpty());
    return records.single(StreamEnd.class);
  }

  /** A test's teardown: the proxy at once (no drain), then its backend; either may be unset. */
  static void stop(ProxyServer proxy, TestBackend backend) throws IOException {
    if (proxy != null) {
      proxy.shutdown(Duration.ZERO);
    }
    if (backend != null) {
      backend.close();
    }
  }

  static URI url(ProxyServer p, String path) {
    return URI.create("http://127.0.0.1:" + p.port() + path);
  }
}

package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.testing.RecordingConsumer;
import dev.ssewatch.core.trace.TraceIds;
import dev.ssewatch.core.trace.TraceParent;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Client → proxy → backend over loopback sockets: one trace, the proxy a hop of it. */
class TraceContextTest extends ProxyTestCase {

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER = "00f067aa0ba902b7";
  static final String TRACEPARENT = "00-" + TRACE + "-" + CALLER + "-01";

  private final RecordingConsumer records = new RecordingConsumer();

  @Test
  void theBackendGetsTheTraceWithTheProxysClientSpanAsParent() throws Exception {
    start(true);

    get("traceparent: " + TRACEPARENT + "\r\ntracestate: congo=t61rcWkgMzE\r\n");

    TestBackend.Request seen = backend.requests.get(0);
    TraceParent sent = TraceParent.parse(seen.header("traceparent"));
    assertThat(sent).isNotNull();
    assertThat(TraceIds.traceId(sent.traceIdHigh(), sent.traceIdLow())).isEqualTo(TRACE);
    assertThat(sent.sampled()).isTrue();
    assertThat(seen.header("tracestate")).isEqualTo("congo=t61rcWkgMzE");

    ProxyFixture.awaitStreamEnd(records);
    StreamStart start = records.single(StreamStart.class);
    // client span → proxy server span → proxy client span → the backend's spans
    assertThat(start.trace().traceId()).isEqualTo(TRACE);
    assertThat(start.trace().parentSpanId()).isEqualTo(CALLER);
    assertThat(start.trace().backendSpanId())
        .isEqualTo(TraceIds.hex(sent.parentSpanId()))
        .isNotEqualTo(start.trace().spanId())
        .isNotEqualTo(CALLER);
    assertThat(records.single(StreamEnd.class).trace()).isEqualTo(start.trace());
  }

  @Test
  void withoutATraceparentTheProxyStartsTheTraceAndDropsAnOrphanTracestate() throws Exception {
    start(true);

    get("tracestate: congo=t61rcWkgMzE\r\n");

    TestBackend.Request seen = backend.requests.get(0);
    TraceParent sent = TraceParent.parse(seen.header("traceparent"));
    assertThat(sent).isNotNull();
    assertThat(seen.has("tracestate")).isFalse();
    ProxyFixture.awaitStreamEnd(records);
    StreamStart start = records.single(StreamStart.class);
    assertThat(start.trace().parentSpanId()).isNull();
    assertThat(start.trace().traceId())
        .isEqualTo(TraceIds.traceId(sent.traceIdHigh(), sent.traceIdLow()));
  }

  @Test
  void offLeavesTheRequestUntouched() throws Exception {
    start(false);

    get("traceparent: " + TRACEPARENT + "\r\ntracestate: congo=t61rcWkgMzE\r\n");

    TestBackend.Request seen = backend.requests.get(0);
    assertThat(seen.header("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(seen.header("tracestate")).isEqualTo("congo=t61rcWkgMzE");
    ProxyFixture.awaitStreamEnd(records);
    StreamStart start = records.single(StreamStart.class);
    // Still recorded as part of the caller's trace; only nothing is sent on.
    assertThat(start.trace().traceId()).isEqualTo(TRACE);
    assertThat(start.trace().backendSpanId()).isNull();
  }

  @Test
  void theSettingIsPropagateByDefaultAndRefusesOtherValues() {
    Map<String, String> base = Map.of(ProxySettings.BACKEND, "http://127.0.0.1:9");
    assertThat(ProxySettings.load(Settings.of(base)).propagateTraceContext()).isTrue();
    Map<String, String> off = new java.util.HashMap<>(base);
    off.put(ProxySettings.TRACE_CONTEXT, "OFF");
    assertThat(ProxySettings.load(Settings.of(off)).propagateTraceContext()).isFalse();
    off.put(ProxySettings.TRACE_CONTEXT, "b3");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProxySettings.load(Settings.of(off)))
        .hasMessageContaining(ProxySettings.TRACE_CONTEXT)
        .hasMessageContaining("propagate or off");
  }

  private void start(boolean propagate) throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: hello\n\n");
              c.endChunks();
              return true;
            });
    ProxyConfig cfg =
        ProxyConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .admin(null)
            .drain(Duration.ZERO)
            .route(Route.all(backend.uri(), ProxyFixture.fastOptions()))
            .propagateTraceContext(propagate)
            .build();
    proxy =
        ProxyServer.builder(cfg)
            .settings(Settings.of(Map.of()))
            .telemetry(records)
            .eventLoopThreads(1)
            .build()
            .start();
  }

  private void get(String extraHeaders) throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                      + extraHeaders
                      + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThat(ForwardingTest.readUntil(in, "\r\n0\r\n\r\n")).contains("data: hello");
    }
  }
}

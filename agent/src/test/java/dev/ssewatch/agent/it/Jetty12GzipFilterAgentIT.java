package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jetty 12 (ee10) behind an application's compression filter ({@code GzipFilter}: a servlet {@code
 * Filter} that sets {@code Content-Encoding: gzip} and gzips the body above the servlet layer). The
 * container carries compressed bytes only; the record describes what went on the wire: the coding
 * in its headers, the compressed bytes as its bytes and wire activity, and the events decoded from
 * them. The idle budget is cut to two seconds so that a stream whose bytes went unseen would raise
 * idle alerts within the test.
 */
class Jetty12GzipFilterAgentIT extends GzippedStreamCase {

  @Override
  ChildJvm start(ChildJvm.Options options) throws Exception {
    return ChildJvm.start(
        // A flush slowed by a loaded machine is not what this class is about: events the filter
        // held would still wait past this (the first ones nearly 3 s).
        options.jvmArg("-Dssewatch.buffering.write-delay=2s"),
        ChildJvm.testClasspath("jetty-", "jakarta.servlet-api-", "slf4j-api-"),
        "dev.ssewatch.agent.apps.Jetty12App",
        "gzip-filter");
  }

  @Override
  String casePrefix() {
    return "gzip-filter";
  }

  @Test
  void aStreamGzippedByAFilterIsRecordedAsItWentOnTheWire() throws Exception {
    // A first stream loads what the filter's first flush needs (the compressor's classes). It is
    // the route's first, so the content_encoding alert is its: one alert per cause and route.
    String first = "/sse/ticks?n=1&case=gzip-filter-warm-up";
    assertThat(gunzip(get(first).body())).isEqualTo(events(1));
    int n = 30;
    String url = "/sse/ticks?n=" + n + "&case=gzip-filter";
    HttpResponse<byte[]> response = get(url);
    assertThat(gunzip(response.body())).isEqualTo(events(n));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    List<Map<String, Object>> events = assertCompletedWithEvents(t, id, n, response.body().length);
    for (Map<String, Object> e : events) {
      // Each event is flushed through the filter: it reaches the container and the wire at once.
      assertThat(((Number) e.get("write_to_wire_ms")).doubleValue()).isLessThan(2000.0);
    }
    assertThat(t.of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    String firstId = AgentContract.awaitValue(() -> t.streamId(first));
    AgentContract.awaitValue(() -> t.end(firstId));
    assertThat(t.of(firstId, "alert"))
        .anySatisfy(a -> assertThat(a).containsEntry("rule", "content_encoding"));
    List<Map<String, Object>> alerts = t.of(id, "alert");
    // Events 100 ms apart for 3 s against a 2 s budget (warning at 1 s): no silence on the wire, so
    // no idle alert.
    assertThat(alerts)
        .noneSatisfy(a -> assertThat(a.get("kind")).isIn("idle_timeout_risk", "no_heartbeats"));
    assertThat(alerts).noneSatisfy(a -> assertThat(a).containsEntry("rule", "write_delay"));
    assertNothingLeaked(t);
  }

  @Test
  void aStreamWrittenThroughTheFiltersWriterIsDecodedToo() throws Exception {
    String url = "/sse/writer?n=4&case=gzip-filter-writer";
    HttpResponse<byte[]> response = get(url);
    assertThat(gunzip(response.body())).isEqualTo(events(4));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    assertThat(AgentContract.awaitValue(() -> t.end(id)))
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(4))
        .containsEntry("bytes", BigDecimal.valueOf(response.body().length));
    assertNothingLeaked(t);
  }
}

package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Servers whose application can hold events back: the agent measures write to flush per event and
 * raises a buffering alert, and it leaves responses that are not event streams alone.
 */
interface BufferingContract {

  AgentContract contract();

  @Test
  default void eventsTheApplicationNeverFlushesRaiseABufferingAlert() throws Exception {
    AgentContract c = contract();
    String url = "/sse/hold?n=3&case=hold";
    HttpResponse<String> response =
        c.client().send(c.request(url), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    String id = AgentContract.awaitValue(() -> c.telemetry().streamId(url));
    AgentContract.awaitValue(() -> c.telemetry().end(id));
    List<Map<String, Object>> alerts = c.telemetry().of(id, "alert");
    assertThat(alerts)
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "buffering")
                    .containsEntry("rule", "write_delay"));
    List<Map<String, Object>> events = c.telemetry().of(id, "event");
    assertThat(events).hasSize(3);
    // Written 300 ms apart and held until the end, so each waited at least the threshold; an
    // event the recorder released at its periodic check before the flush has an unknown delay.
    for (Map<String, Object> e : events) {
      Object delay = e.get("write_to_wire_ms");
      if (delay != null) {
        assertThat(((Number) delay).doubleValue()).isGreaterThanOrEqualTo(250.0);
      }
    }
    assertThat(alerts)
        .filteredOn(a -> "write_delay".equals(a.get("rule")))
        .allSatisfy(a -> assertThat(a.get("evidence").toString()).contains("threshold 250ms"));
    c.assertNothingLeaked();
  }

  @Test
  default void flushedEventsRaiseNoBufferingAlert() throws Exception {
    AgentContract c = contract();
    // A first stream loads what the server's first flush needs, which on a loaded machine can
    // take longer than the threshold by itself; the one measured comes after it.
    c.assertCompletedStream("/sse/stream?n=1&case=flushed-warm-up", 1);
    String url = "/sse/stream?n=3&case=flushed";
    c.assertCompletedStream(url, 3);
    String id = c.telemetry().streamId(url);
    assertThat(c.telemetry().of(id, "alert"))
        .noneSatisfy(a -> assertThat(a).containsEntry("kind", "buffering"));
    for (Map<String, Object> e : c.telemetry().of(id, "event")) {
      assertThat(((Number) e.get("write_to_wire_ms")).doubleValue()).isLessThan(250.0);
    }
  }

  @Test
  default void responsesThatAreNotEventStreamsAreNotRecorded() throws Exception {
    AgentContract c = contract();
    HttpResponse<String> plain =
        c.client().send(c.request("/sse/plain?case=plain"), HttpResponse.BodyHandlers.ofString());
    assertThat(plain.body()).isEqualTo("not an event stream");
    // A stream served after it is recorded, so by then the plain one would have been too.
    c.assertCompletedStream("/sse/stream?n=1&case=after-plain", 1);
    assertThat(c.telemetry().records())
        .noneSatisfy(r -> assertThat(r.get("url")).isEqualTo("/sse/plain?case=plain"));
  }
}

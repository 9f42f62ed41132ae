package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request carrying a W3C {@code traceparent} to a servlet on Tomcat: the agent's stream is a
 * child of the caller's span in the caller's trace, and every record of it says so.
 */
class TraceContextIT {

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER = "00f067aa0ba902b7";

  @Test
  void theAgentsStreamIsAChildOfTheCallersSpan() throws Exception {
    try (ChildJvm app =
        ChildJvm.start(
            ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
            "dev.ssewatch.agent.apps.TomcatApp",
            "jakarta")) {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> traced =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + app.port() + "/sse/stream?n=3"))
                  .header("traceparent", "00-" + TRACE + "-" + CALLER + "-01")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> untraced =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + app.port() + "/sse/stream?n=1"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(traced.body()).contains("event: tick");
      assertThat(untraced.body()).contains("event: tick");

      Telemetry t = app.telemetry();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                String a = t.streamId("/sse/stream?n=3");
                String b = t.streamId("/sse/stream?n=1");
                return a != null && b != null && t.end(a) != null && t.end(b) != null;
              });
      String id = t.streamId("/sse/stream?n=3");
      Map<String, Object> start = t.of(id, "stream_start").get(0);
      assertThat(start.get("trace_id")).isEqualTo(TRACE);
      assertThat(start.get("parent_span_id")).isEqualTo(CALLER);
      String span = (String) start.get("span_id");
      assertThat(span).hasSize(16).isNotEqualTo(CALLER);
      assertThat(t.end(id)).containsEntry("trace_id", TRACE).containsEntry("span_id", span);
      List<Map<String, Object>> events = t.of(id, "event");
      assertThat(events)
          .hasSize(3)
          .allSatisfy(
              e -> assertThat(e).containsEntry("trace_id", TRACE).containsEntry("span_id", span));

      Map<String, Object> other = t.of(t.streamId("/sse/stream?n=1"), "stream_start").get(0);
      assertThat(other.get("trace_id")).isNotEqualTo(TRACE);
      assertThat(other.get("parent_span_id")).isNull();
    }
  }
}

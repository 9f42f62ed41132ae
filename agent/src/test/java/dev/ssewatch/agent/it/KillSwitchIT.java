package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code ssewatch.enabled=false}: the agent says so once and does nothing else. */
class KillSwitchIT {

  @Test
  void disabledAgentInstrumentsAndRecordsNothing() throws Exception {
    try (ChildJvm app =
        ChildJvm.start(
            new ChildJvm.Options().jvmArg("-Dssewatch.enabled=false"),
            ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
            "dev.ssewatch.agent.apps.TomcatApp",
            "jakarta")) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + app.port() + "/sse/stream?n=2"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).contains("event: tick");
      assertThat(app.stderr())
          .contains("[ssewatch] agent disabled by ssewatch.enabled=false")
          .doesNotContain("instrumenting");
      // No dispatcher was started, so no sink ever opened the telemetry file.
      assertThat(app.telemetry().raw()).isEmpty();
    }
  }
}

package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.ssewatch.agent.apps.SseScenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The agent attached to a running server that has already loaded and used its servlet classes: they
 * are retransformed, a stream running during the attach stays unrecorded and unharmed, and every
 * stream after it is recorded (the contract's scenarios).
 */
class LateAttachIT extends AgentContract {

  private static final String BEFORE = "/sse/stream?n=2&case=before-attach";
  private static final String RUNNING = "/sse/forever?case=running-while-attached";

  private String readyLine;
  private String runningBytes;

  @Override
  ChildJvm startApp() throws Exception {
    ChildJvm app =
        ChildJvm.start(
            new ChildJvm.Options().withoutAgent(),
            ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
            "dev.ssewatch.agent.apps.TomcatApp",
            "jakarta");
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      assertThat(client.send(get(app, BEFORE), HttpResponse.BodyHandlers.ofString()).body())
          .isEqualTo(SseScenario.event(app.canary(), 1) + SseScenario.event(app.canary(), 2));
      HttpResponse<InputStream> running =
          client.send(get(app, RUNNING), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = running.body()) {
        StringBuilder seen = new StringBuilder(readEvents(in, 2));
        assertThat(app.stderr()).as("no agent yet").doesNotContain("[ssewatch] agent ");
        attach(app);
        app.awaitAgent();
        seen.append(readEvents(in, 3));
        runningBytes = seen.toString();
      }
      readyLine =
          app.stderr().lines().filter(l -> l.startsWith("[ssewatch] agent ")).findFirst().get();
      return app;
    } catch (Exception | AssertionError e) {
      app.close();
      throw e;
    }
  }

  /** Returns once the agent's agentmain has returned, that is once it is installed. */
  private static void attach(ChildJvm app) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
    try {
      vm.loadAgent(ChildJvm.agentJar().toString());
    } finally {
      vm.detach();
    }
  }

  @Test
  void retransformsTheClassesLoadedBeforeTheAttach() {
    assertThat(readyLine)
        .contains("(attached, ")
        .containsPattern("\\d+ loaded classes retransformed");
  }

  @Test
  void aStreamRunningDuringTheAttachIsUnharmedAndUnrecorded() throws Exception {
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      expected.append(SseScenario.event(app().canary(), i));
    }
    assertThat(runningBytes).isEqualTo(expected.toString());
    // Telemetry is written in order: once a later stream is there, so would these be.
    assertCompletedStream("/sse/stream?n=1&case=after-attach", 1);
    assertThat(telemetry().streamId(BEFORE)).isNull();
    assertThat(telemetry().streamId(RUNNING)).isNull();
  }

  private static HttpRequest get(ChildJvm app, String url) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + url))
        .header("Accept", "text/event-stream")
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  /** Exactly {@code n} events, read byte by byte so that none of the next is consumed. */
  private static String readEvents(InputStream in, int n) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int events = 0;
    int previous = -1;
    while (events < n) {
      int b = in.read();
      assertThat(b).as("the stream goes on").isNotNegative();
      out.write(b);
      if (b == '\n' && previous == '\n') {
        events++;
      }
      previous = b;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}

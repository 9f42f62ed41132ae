package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The agent getting ready after the server has loaded and used its servlet classes (the internal
 * test property holds the background installation back): the classes are retransformed, a stream
 * already running stays unrecorded and unharmed, and every stream after it is recorded (the
 * contract's scenarios).
 */
class BackgroundInstallIT extends AgentContract {

  private static final String BEFORE = "/sse/stream?n=2&case=before-ready";
  private static final String RUNNING = "/sse/forever?case=running-while-ready";

  private String readyLine;
  private String runningBytes;

  @Override
  ChildJvm startApp() throws Exception {
    Path release = Files.createTempDirectory("ssewatch-release").resolve("release");
    ChildJvm app =
        ChildJvm.start(
            new ChildJvm.Options()
                .withoutAwaitingAgent()
                .jvmArg("-Dssewatch.agent.startup=background")
                .jvmArg("-Dssewatch.agent.internal.test-init-after-file=" + release),
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
        assertThat(app.stderr()).as("agent still held back").doesNotContain("[ssewatch] agent ");
        Files.createFile(release);
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

  @Test
  void retransformsTheClassesLoadedBeforeItWasReady() {
    assertThat(readyLine)
        .contains("(installed in the background, ")
        .containsPattern("\\d+ loaded classes retransformed");
  }

  @Test
  void aStreamRunningWhileTheAgentGotReadyIsUnharmedAndUnrecorded() throws Exception {
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      expected.append(SseScenario.event(app().canary(), i));
    }
    assertThat(runningBytes).isEqualTo(expected.toString());
    // Telemetry is written in order: once a later stream is there, so would these be.
    assertCompletedStream("/sse/stream?n=1&case=after-ready", 1);
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

package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The whole installation runs in premain, before the application's main, so the agent is ready by
 * the time the server listens, and the first stream is recorded.
 */
class PremainStartupIT extends AgentContract {

  private String stderrWhenListening;

  @Override
  ChildJvm startApp() throws Exception {
    ChildJvm app =
        ChildJvm.start(
            new ChildJvm.Options().withoutAwaitingAgent(),
            ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
            "dev.ssewatch.agent.apps.TomcatApp",
            "jakarta");
    stderrWhenListening = app.stderr();
    return app;
  }

  @Test
  void isReadyBeforeTheApplicationListens() {
    assertThat(stderrWhenListening)
        .contains("[ssewatch] agent 0.1.0 ready in ")
        .contains("(premain)");
  }
}

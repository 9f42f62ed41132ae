package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The transformer is registered in premain, before the application's main; the recording is set up
 * right after, on a thread of its own, and the application does not wait for it. The streams of
 * these tests start as soon as the server listens, without waiting for the agent's line: one that
 * begins before the recording is ready waits for it, and every one is recorded.
 */
class PremainStartupIT extends AgentContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        new ChildJvm.Options().withoutAwaitingAgent(),
        ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
        "dev.ssewatch.agent.apps.TomcatApp",
        "jakarta");
  }

  @Test
  void saysItInstalledInPremainAndWhenPremainReturned() {
    app().awaitAgent();
    assertThat(app().stderr())
        .contains("[ssewatch] agent 0.1.0 ready in ")
        .containsPattern("\\(premain, returned after \\d+ ms\\)");
  }
}

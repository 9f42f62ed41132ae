package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code ssewatch.agent.startup}, once the choice of a background installation, is gone: set, it
 * changes nothing and the agent says once that it ignores it.
 */
class RemovedStartupSettingIT {

  @Test
  void saysOnceThatTheKeyIsIgnoredAndInstallsInPremain() throws Exception {
    try (ChildJvm app =
        ChildJvm.start(
            new ChildJvm.Options()
                .withoutAwaitingAgent()
                .jvmArg("-Dssewatch.agent.startup=background"),
            ChildJvm.testClasspath(),
            "dev.ssewatch.agent.apps.PlainApp")) {
      app.awaitAgent();
      String stderr = app.stderr();
      assertThat(stderr.lines().filter(l -> l.contains("ssewatch.agent.startup")))
          .singleElement()
          .asString()
          .startsWith("[ssewatch] ssewatch.agent.startup=background is no longer used");
      assertThat(stderr).contains("[ssewatch] agent 0.1.0 ready in ").contains("(premain");
    }
  }
}

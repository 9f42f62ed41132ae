package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The application's class path sees none of the agent's classes, and an application with its own
 * Byte Buddy keeps using (and can use) its own.
 */
class IsolationIT {

  @Test
  void theApplicationSeesNoneOfTheAgentAndKeepsItsOwnByteBuddy() throws Exception {
    try (ChildJvm app =
        ChildJvm.start(
            ChildJvm.testClasspath("byte-buddy-"), "dev.ssewatch.agent.apps.IsolationApp")) {
      assertThat(app.stderr()).contains("[ssewatch] agent 0.1.0 ready");
      assertThat(app.stdout())
          .contains("ISOLATION made=dev.ssewatch.agent.apps.MadeByTheApplication")
          .containsPattern("ISOLATION bytebuddy-from=\\S*byte-buddy-[^/]*\\.jar")
          .contains("ISOLATION hidden dev.ssewatch.agent.shaded.net.bytebuddy.ByteBuddy")
          .contains("ISOLATION hidden dev.ssewatch.agent.shaded.core.config.Settings")
          .contains("ISOLATION hidden dev.ssewatch.agent.installer.AgentInstaller")
          .contains("ISOLATION hidden dev.ssewatch.core.config.Settings")
          .doesNotContain("ISOLATION visible");
    }
  }
}

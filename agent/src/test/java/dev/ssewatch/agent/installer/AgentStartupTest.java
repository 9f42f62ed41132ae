package dev.ssewatch.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentStartupTest {

  @Test
  void saysNothingWhenTheRemovedStartupKeyIsUnset() {
    assertThat(AgentStartup.removedKeyNotice(Settings.of(Map.of()))).isNull();
  }

  @Test
  void namesTheRemovedStartupKeyWhenSetAsASystemProperty() {
    assertThat(
            AgentStartup.removedKeyNotice(
                Settings.load(Map.of("ssewatch.agent.startup", "background"), Map.of())))
        .isEqualTo(
            "ssewatch.agent.startup=background is no longer used and is ignored: the agent"
                + " always installs in premain");
  }

  @Test
  void namesTheRemovedStartupKeyWhenSetInTheEnvironment() {
    assertThat(
            AgentStartup.removedKeyNotice(
                Settings.load(Map.of(), Map.of("SSEWATCH_AGENT_STARTUP", "premain"))))
        .startsWith("ssewatch.agent.startup=premain is no longer used");
  }
}

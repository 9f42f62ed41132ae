package dev.ssewatch.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.Hooks;
import dev.ssewatch.agent.bootstrap.ServerHooks;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The stand-in hooks pass every call on once the agent is set up: a hook they inherited as a
 * default would be dropped for an exchange that begins while the set-up runs.
 */
class PendingHooksCoverageTest {

  @Test
  void everyHookIsPassedOn() {
    Stream.of(Hooks.class, ServerHooks.class)
        .flatMap(api -> Stream.of(api.getMethods()))
        .filter(m -> !m.isSynthetic())
        .forEach(
            m -> {
              Method own = declared(m);
              assertThat(own).as("PendingHooks.%s", m.getName()).isNotNull();
            });
  }

  private static Method declared(Method m) {
    try {
      return PendingHooks.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}

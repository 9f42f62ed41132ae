package dev.ssewatch.agent.installer;

import dev.ssewatch.agent.bootstrap.SseHooks;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Lets a JDK module whose classes receive advice read the agent's bootstrap bridge. The bridge is
 * in the bootstrap loader's unnamed module, which named modules do not read: without this, the
 * advice inlined into them would fail to link (and, suppressed, record nothing).
 */
final class JdkModules {

  private JdkModules() {}

  static void readBridge(Instrumentation inst, String moduleName) {
    try {
      ModuleLayer.boot()
          .findModule(moduleName)
          .ifPresent(
              m ->
                  inst.redefineModule(
                      m,
                      Set.of(SseHooks.class.getModule()),
                      Map.of(),
                      Map.of(),
                      Set.of(),
                      Map.of()));
    } catch (RuntimeException e) {
      AgentLog.info("cannot let " + moduleName + " read the agent's bridge: " + e);
    }
  }
}

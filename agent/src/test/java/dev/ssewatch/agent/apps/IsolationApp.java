package dev.ssewatch.agent.apps;

import net.bytebuddy.ByteBuddy;

/**
 * An application with its own Byte Buddy: reports what it can see of the agent, and whether its
 * Byte Buddy is its own and still works.
 */
public final class IsolationApp {

  private IsolationApp() {}

  public static void main(String[] args) throws Exception {
    Class<?> made =
        new ByteBuddy()
            .subclass(Object.class)
            .name("dev.ssewatch.agent.apps.MadeByTheApplication")
            .make()
            .load(IsolationApp.class.getClassLoader())
            .getLoaded();
    System.out.println("ISOLATION made=" + made.getName());
    System.out.println(
        "ISOLATION bytebuddy-from="
            + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    for (String name :
        new String[] {
          "dev.ssewatch.agent.shaded.net.bytebuddy.ByteBuddy",
          "dev.ssewatch.agent.shaded.core.config.Settings",
          "dev.ssewatch.agent.installer.AgentInstaller",
          "dev.ssewatch.core.config.Settings"
        }) {
      try {
        Class.forName(name);
        System.out.println("ISOLATION visible " + name);
      } catch (ClassNotFoundException expected) {
        System.out.println("ISOLATION hidden " + name);
      }
    }
    SseScenario.announce(0);
    Thread.currentThread().join();
  }
}

package dev.ssewatch.agent.installer;

/**
 * The agent's few messages go to standard error with a prefix, never through the application's
 * logging framework (which may not be configured yet, and whose classes the agent must not load).
 */
final class AgentLog {

  private AgentLog() {}

  static void info(String message) {
    System.err.println("[ssewatch] " + message);
  }
}

package dev.ssewatch.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry point of {@code -javaagent:ssewatch-agent.jar}; instrumentation arrives with the agent
 * work.
 */
public final class SsewatchAgent {

  private SsewatchAgent() {}

  public static void premain(String args, Instrumentation inst) {}

  public static void agentmain(String args, Instrumentation inst) {}
}

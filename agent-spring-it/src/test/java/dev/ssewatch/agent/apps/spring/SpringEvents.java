package dev.ssewatch.agent.apps.spring;

import dev.ssewatch.agent.apps.SseScenario;
import java.nio.charset.StandardCharsets;

/**
 * The scenario's events as Spring writes them: {@code SseEmitter} and WebFlux's {@code
 * ServerSentEvent} writer put no space after the field's colon.
 */
public final class SpringEvents {

  private SpringEvents() {}

  public static String event(String canary, int i) {
    return "id:" + i + "\nevent:tick\ndata:" + SseScenario.data(canary, i) + "\n\n";
  }

  /** {@code n} events in one body, for a response that announces its length. */
  public static byte[] allEvents(String canary, int n) {
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      all.append(event(canary, i));
    }
    return all.toString().getBytes(StandardCharsets.UTF_8);
  }
}

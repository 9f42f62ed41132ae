package dev.ssewatch.agent.it;

import dev.ssewatch.agent.apps.spring.SpringEvents;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Spring Boot 3.5 WebFlux on its Reactor Netty: {@code Flux<ServerSentEvent>} streams (completed
 * and aborted), a body of known length, Spring's default and explicit {@code Cache-Control}, and a
 * relay of an upstream's LLM token streams and MCP calls through {@code WebClient}.
 */
class SpringWebFluxAgentIT extends ServerFamilyContract
    implements SpringCacheControlContract, GenAiRelayContract {

  private ReplayUpstream upstream;

  /** The Java to run the application on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  ChildJvm startApp() throws Exception {
    upstream = new ReplayUpstream();
    ChildJvm app =
        ChildJvm.start(
            new ChildJvm.Options().java(java()).jvmArg("-Drelay.upstream=" + upstream.baseUrl()),
            SpringClasspath.webFlux(),
            "dev.ssewatch.agent.apps.spring.webflux.WebFluxSseApp",
            SpringArgs.common());
    upstream.canary(app.canary());
    return app;
  }

  @AfterAll
  void stopUpstream() throws Exception {
    if (upstream != null) {
      upstream.close();
    }
  }

  @Override
  String expectedEvent(String canary, int i) {
    return SpringEvents.event(canary, i);
  }

  @Test
  @Disabled(
      "WebFlux writes and flushes each event as its Flux emits it: no handler can hold one back")
  @Override
  public void eventsTheApplicationNeverFlushesRaiseABufferingAlert() {}
}
